import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ReadResult } from '../../src/einvoice/index';

export const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
export const fixtureText = (name: string) => fixture(name).toString('utf8');
export const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** One clear sentence: starts with a capital, ends with a period, no line breaks, no stack frames. */
export function assertOneSentence(message: string): void {
  assert.match(message, /^[A-Z][^\n]*\.$/, `not one sentence: ${message}`);
  assert.doesNotMatch(message, /\.\s+[A-Z]|\bat .+:\d+:\d+|Error:/, `not one sentence: ${message}`);
}

export function assertRejected(result: ReadResult, pattern: RegExp): string {
  assert.equal(result.ok, false, 'expected a rejection');
  if (result.ok) throw new Error('unreachable');
  assertOneSentence(result.error);
  assert.match(result.error, pattern);
  return result.error;
}
