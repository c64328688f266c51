/** Turning raw element text into model values: decimals, dates, attachments. */
import { createHash } from 'node:crypto';
import { isDecimal } from './decimal';
import type { Attachment, Decimal } from './model';
import { reject } from './reject';
import { attr, textOf, type XmlElement } from './xml';

/** A decimal as written (trimmed); a non-number becomes null with a warning. */
export function decimal(raw: string | null, what: string, warnings: string[]): Decimal | null {
  if (raw === null) return null;
  if (isDecimal(raw)) return raw;
  warnings.push(`The ${what} "${clip(raw)}" is not a decimal number and was ignored.`);
  return null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function checkCalendar(y: number, m: number, d: number, raw: string, what: string): void {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
  if (m < 1 || m > 12 || d < 1 || d > max) reject(`The ${what} "${clip(raw)}" is not a real calendar date.`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2}|T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** xs:date (YYYY-MM-DD, optional zone) to YYYY-MM-DD; anything else is rejected. */
/** xs:boolean: "true" or "1" (with surrounding spaces allowed) is true. */
export const xsTrue = (raw: string | null): boolean => raw !== null && /^\s*(true|1)\s*$/.test(raw);

export function isoDate(raw: string | null, what: string): string | null {
  if (raw === null) return null;
  const m = ISO_DATE.exec(raw);
  if (!m) reject(`The ${what} "${clip(raw)}" is not a date in the form YYYY-MM-DD.`);
  checkCalendar(Number(m[1]), Number(m[2]), Number(m[3]), raw, what);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** UN/CEFACT date: format 102 is CCYYMMDD; ISO dates are tolerated. */
export function ciiDate(raw: string | null, format: string | null, what: string): string | null {
  if (raw === null) return null;
  if (format !== null && format !== '102') reject(`The ${what} uses date format ${clip(format)}, but only format 102 (CCYYMMDD) is valid for it.`);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return isoDate(raw, what);
  checkCalendar(Number(m[1]), Number(m[2]), Number(m[3]), raw, what);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

export function attachmentFromBase64(
  base64: string,
  filename: string | null,
  mimeType: string | null,
  warnings: string[],
): Attachment {
  if (!BASE64.test(base64)) warnings.push(`The attachment ${filename ?? '(unnamed)'} is not valid base64; its content may be incomplete.`);
  return makeAttachment(Buffer.from(base64, 'base64'), filename, mimeType);
}

export function makeAttachment(bytes: Uint8Array, filename: string | null, mimeType: string | null): Attachment {
  const content = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const attachment = {
    filename,
    mimeType,
    size: content.byteLength,
    sha256: createHash('sha256').update(content).digest('hex'),
  } as Attachment;
  Object.defineProperty(attachment, 'content', { value: content, enumerable: false });
  return attachment;
}

/** Keep quoted document text short inside messages. */
export function clip(s: string, max = 40): string {
  const one = s.slice(0, max * 2).replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

export const CREDIT_TYPE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

/** An identifier as `scheme:value` when it has a schemeID attribute. */
export function schemed(el: XmlElement | undefined): string | null {
  const value = textOf(el);
  if (value === null) return null;
  const scheme = attr(el, 'schemeID');
  return scheme ? `${scheme}:${value}` : value;
}
