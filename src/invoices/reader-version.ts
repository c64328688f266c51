/*
 * Which reader read a document: a short hash of the reader's own source files, so a reader
 * fix changes it without anyone remembering to bump a number. Stored on every document;
 * re-reading the quarantined documents after a deploy is then a query, not a guess.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const READER_DIR = new URL('../einvoice/', import.meta.url);

function hashReaderSources(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(READER_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update(readFileSync(new URL(file, READER_DIR)));
  }
  return hash.digest('hex').slice(0, 12);
}

export const READER_VERSION = hashReaderSources();
