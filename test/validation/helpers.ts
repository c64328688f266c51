import { readFileSync } from 'node:fs';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);

/** A corpus file as text (the corpus is read-only: edited copies live in memory or a temp dir). */
export const corpusText = (path: string) => readFileSync(new URL(path, CORPUS), 'utf8');

/** Replaces exactly one occurrence, so an edit that no longer applies fails loudly instead of testing nothing. */
export function edit(xml: string, from: string | RegExp, to: string): string {
  const matches = typeof from === 'string' ? xml.split(from).length - 1 : [...xml.matchAll(new RegExp(from.source, from.flags.includes('g') ? from.flags : from.flags + 'g'))].length;
  if (matches !== 1) throw new Error(`edit: expected one match of ${String(from)}, found ${matches}`);
  return xml.replace(from, to);
}

export const UBL_PLAIN = 'ubl/ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example1.xml';
export const UBL_PEPPOL = 'ubl/OpenPEPPOL-peppol-bis-invoice-3__base-example.xml';
export const CII_PLAIN = 'cii/ConnectingEurope-eInvoicing-EN16931__CII_example1.xml';
export const FATTURAPA = 'fatturapa/FatturaElettronica.NET__IT02182030391_32.xml';
