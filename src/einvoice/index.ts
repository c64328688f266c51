/** Read an e-invoice file (UBL, CII, FatturaPA, signed .p7m) into the invoice model. */
import { checkInvoice } from './checks';
import { readCii } from './cii';
import { base64Envelope, invoiceElement, sniffContainer } from './detect';
import { decodeXml } from './encoding';
import { FATTURAPA_NS, readFatturaPa } from './fatturapa';
import { DEFAULT_MAX_BYTES, type Attachment, type Invoice, type ReadOptions, type ReadResult } from './model';
import { extractSignedContent } from './p7m';
import { Rejection, reject } from './reject';
import { readUbl } from './ubl';
import { clip } from './values';
import { parseXml } from './xml';

export * from './model';

/** Signed content may itself be signed again (countersignatures); deeper nesting is refused. */
const MAX_NESTING = 3;

export function readEInvoice(bytes: Uint8Array, opts: ReadOptions = {}): ReadResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    if (bytes.byteLength > maxBytes) reject(sizeMessage(bytes.byteLength, maxBytes));
    return { ok: true, invoices: read(bytes, 0) };
  } catch (err) {
    if (err instanceof Rejection) return { ok: false, error: err.message };
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return { ok: false, error: 'The file is structured too deeply to read safely.' };
    }
    return { ok: false, error: 'The file could not be read because of an unexpected internal error.' };
  }
}

export function sizeMessage(size: number, maxBytes: number): string {
  return `The file is ${megabytes(size)} MB, over the ${megabytes(maxBytes)} MB limit for e-invoices.`;
}

function megabytes(n: number): string {
  return (n / (1024 * 1024)).toFixed(n < 1024 * 1024 ? 2 : 1).replace(/\.0+$/, '');
}

function read(bytes: Uint8Array, nesting: number): Invoice[] {
  const container = sniffContainer(bytes);
  if (container !== 'xml') {
    if (nesting >= MAX_NESTING) reject('The signed (.p7m) file is nested in too many signature envelopes.');
    const der = container === 'p7m-der' ? bytes : base64Envelope(bytes);
    return read(extractSignedContent(der), nesting + 1);
  }
  const { syntax, element } = invoiceElement(parseXml(decodeXml(bytes)));
  if (syntax === 'fatturapa') {
    const invoices = readFatturaPa(element);
    if (element.ns !== FATTURAPA_NS) {
      for (const inv of invoices) inv.warnings.push(`The FatturaPA namespace is misspelt ("${clip(element.ns, 100)}"); the file was read as FatturaPA 1.2.`);
    }
    return finish(invoices);
  }
  const invoice = syntax === 'ubl' ? readUbl(element) : readCii(element);
  return embeddedFatturaPa(invoice, nesting) ?? finish([invoice]);
}

function finish(invoices: Invoice[]): Invoice[] {
  for (const inv of invoices) checkInvoice(inv);
  return invoices;
}

const MAYBE_FATTURAPA = /xml|pkcs7|p7m|octet-stream/i;

/**
 * An Italian invoice carried in UBL has its legally binding FatturaPA as an attachment;
 * when it does, the FatturaPA is the invoice we report. Every attachment of the envelope,
 * the FatturaPA file itself included, stays with it, so the original is kept and shown.
 */
function embeddedFatturaPa(envelope: Invoice, nesting: number): Invoice[] | null {
  for (const att of envelope.attachments) {
    if (!MAYBE_FATTURAPA.test(`${att.mimeType ?? ''} ${att.filename ?? ''}`) || nesting >= MAX_NESTING) continue;
    let invoices: Invoice[];
    try {
      invoices = read(att.content, nesting + 1);
    } catch (err) {
      if (err instanceof Rejection) continue;
      throw err;
    }
    if (invoices.length === 0 || invoices.some((i) => i.format !== 'fatturapa')) continue;
    const carried: Attachment[] = envelope.attachments;
    const numbers = invoices.map((i) => i.invoiceNumber);
    for (const inv of invoices) {
      inv.attachments.push(...carried);
      if (!numbers.includes(envelope.invoiceNumber)) {
        inv.warnings.push(
          `The UBL envelope gives invoice number ${envelope.invoiceNumber}, but the FatturaPA attached to it (${att.filename ?? 'unnamed'}) gives ${numbers.join(', ')}.`,
        );
      }
    }
    return invoices;
  }
  return null;
}
