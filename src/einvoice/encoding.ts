/** Bytes to text: BOM, UTF-16 and the encoding named in the XML declaration (UTF-8 when none). */
import { TextDecoder } from 'node:util';
import { reject } from './reject';
import { clip } from './values';

export function decodeXml(bytes: Uint8Array): string {
  // XML forbids anything before the declaration, but files written by scripts often start with a
  // stray line break; that says nothing about the invoice, so it is dropped rather than refused.
  return decodeText(bytes).replace(/^\s+(?=<\?xml[\s?])/, '');
}

function decodeText(bytes: Uint8Array): string {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (b0 === 0xff && b1 === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return decode(bytes, 'utf-16le');
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return decode(bytes, 'utf-16be');
  const declared = declaredEncoding(bytes);
  // A UTF-16 label on ASCII-compatible bytes is a mislabel; the bytes decide.
  const label = declared === null || /^utf-?16/i.test(declared) ? 'utf-8' : declared;
  return decode(bytes, label);
}

function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/.exec(head);
  return m ? m[1]!.trim() : null;
}

function decode(bytes: Uint8Array, label: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    reject(`The file declares the character encoding "${clip(label)}", which is not supported.`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const name = decoder.encoding === 'utf-8' ? 'UTF-8' : decoder.encoding;
    reject(`The file is not valid ${name} text: it contains byte sequences that ${name} does not allow.`);
  }
}
