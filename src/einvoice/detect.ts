/** What kind of bytes we were given, and which invoice syntax a root element is. */
import { CII_NS } from './cii';
import { FATTURAPA_NS } from './fatturapa';
import { reject } from './reject';
import { UBL_CREDIT_NOTE_NS, UBL_INVOICE_NS } from './ubl';
import { clip } from './values';
import type { XmlElement } from './xml';

export type Container = 'xml' | 'p7m-der' | 'p7m-base64';
export type Syntax = 'ubl' | 'cii' | 'fatturapa';

const SBDH_NS = 'http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader';
const UBL_SCHEMA_PREFIX = 'urn:oasis:names:specification:ubl:schema:xsd:';
const EXPECTED: Record<string, { ns: string[]; label: string }> = {
  Invoice: { ns: [UBL_INVOICE_NS], label: 'UBL 2.1 Invoice' },
  CreditNote: { ns: [UBL_CREDIT_NOTE_NS], label: 'UBL 2.1 CreditNote' },
  CrossIndustryInvoice: { ns: [CII_NS], label: 'UN/CEFACT Cross Industry Invoice' },
  FatturaElettronica: { ns: [FATTURAPA_NS], label: 'FatturaPA 1.2' },
};

function startsWith(bytes: Uint8Array, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

export function sniffContainer(bytes: Uint8Array): Container {
  if (bytes.length === 0) reject('The file is empty.');
  const [b0, b1] = bytes;
  if ((b0 === 0xef && b1 === 0xbb) || (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return 'xml';
  if ((b0 === 0x3c && b1 === 0x00) || (b0 === 0x00 && b1 === 0x3c)) return 'xml';
  if (b0 === 0x30 && b1 !== undefined && b1 >= 0x80 && b1 <= 0x84) return 'p7m-der';
  let i = 0;
  while (i < bytes.length && isSpace(bytes[i])) i++;
  if (bytes[i] === 0x3c) return 'xml';
  if (startsWith(bytes, i, '%PDF')) {
    reject('The file is a PDF, not an XML e-invoice (for Factur-X or ZUGFeRD, the XML embedded in the PDF must be extracted first).');
  }
  if (startsWith(bytes, i, 'PK\x03\x04')) reject('The file is a ZIP archive, not an XML e-invoice.');
  if (startsWith(bytes, i, '-----BEGIN') || startsWith(bytes, i, 'MI')) {
    if (looksBase64(bytes, i)) return 'p7m-base64';
  }
  const head = bytes.subarray(0, 4096);
  let controls = 0;
  for (const b of head) if (b === 0 || (b < 0x20 && !isSpace(b))) controls++;
  if (controls > 0) reject('The file is binary data, not an XML e-invoice.');
  reject('The file is not XML: it does not begin with an XML declaration or element.');
}

function looksBase64(bytes: Uint8Array, from: number): boolean {
  const sample = Buffer.from(bytes.subarray(from, from + 64)).toString('latin1').replace(/-----[A-Z0-9 ]+-----/g, '');
  return /^[A-Za-z0-9+/=\s]+$/.test(sample);
}

export function base64Envelope(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1').replace(/-----[A-Z0-9 ]+-----/g, '');
  if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) reject('The base64 signed (.p7m) file contains characters that are not base64.');
  return Buffer.from(text, 'base64');
}

/** The invoice element: the root, or the payload of a Peppol StandardBusinessDocument envelope. */
export function invoiceElement(root: XmlElement): { syntax: Syntax; element: XmlElement } {
  let el = root;
  if (root.ns === SBDH_NS && root.name === 'StandardBusinessDocument') {
    const payload = root.children.find((c) => !(c.ns === SBDH_NS && c.name === 'StandardBusinessDocumentHeader'));
    if (!payload) reject('The Standard Business Document envelope holds no document.');
    el = payload;
  }
  const known = EXPECTED[el.name];
  if (known?.ns.includes(el.ns)) {
    return { syntax: el.ns === CII_NS ? 'cii' : el.ns === FATTURAPA_NS ? 'fatturapa' : 'ubl', element: el };
  }
  // Real FatturaPA files turn up with a space typed into the namespace; only the root is in it
  // (FatturaPA's other elements have none), so such a file reads as well as a correct one.
  if (el.name === 'FatturaElettronica' && el.ns.replace(/\s+/g, '') === FATTURAPA_NS) return { syntax: 'fatturapa', element: el };
  const name = clip(el.name);
  const ns = clip(el.ns, 100);
  if (el.ns.startsWith(UBL_SCHEMA_PREFIX)) reject(`The document is a UBL ${name}, not an invoice or credit note.`);
  if (el.name === 'CrossIndustryDocument') reject('The document is a ZUGFeRD 1.0 CrossIndustryDocument, which is not supported (only EN 16931 CII D16B).');
  if (known) {
    reject(`The root element ${name} is in the namespace "${ns || '(none)'}" rather than the ${known.label} namespace, so it is not a recognised invoice.`);
  }
  reject(`The document's root element is ${name}${ns ? ` (namespace ${ns})` : ''}, which is not a UBL, CII or FatturaPA invoice.`);
}
