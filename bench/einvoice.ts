/** E-invoice reader throughput vs a bare saxes parse of the same bytes. Run by hand: npx tsx bench/einvoice.ts */
import { readFileSync, readdirSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { readEInvoice } from '../src/einvoice/index';

const corpus = new URL('../../shared/corpus/', import.meta.url);

function twentyLineInvoice(): Uint8Array {
  const src = readFileSync(new URL('../test/einvoice/fixtures/peppol-minimal.xml', import.meta.url), 'utf8');
  const line = src.slice(src.indexOf('<a:InvoiceLine>'), src.indexOf('</a:InvoiceLine>') + '</a:InvoiceLine>'.length);
  const lines = Array.from({ length: 20 }, (_, i) =>
    line
      .replace('<b:ID>1</b:ID>', `<b:ID>${i + 1}</b:ID>`)
      .replace('<b:Name>Smørrebrød</b:Name>', `<b:Name>Item ${i + 1} with a reasonably descriptive product name</b:Name><a:SellersItemIdentification><b:ID>SKU-${1000 + i}</b:ID></a:SellersItemIdentification><a:StandardItemIdentification><b:ID schemeID="0160">0${7310000000000 + i}</b:ID></a:StandardItemIdentification>`)
      .replace('<b:Description>Smørrebrød, assorted</b:Description>', `<b:Description>Line ${i + 1}: assorted goods delivered to the central warehouse, dock 4, per framework agreement 2024-17, including packaging and handling.</b:Description>`)
      .replace('<b:ID>1</b:ID>', `<b:ID>${i + 1}</b:ID>`)
      .replace('<a:Item>', `<b:Note>Delivery note DN-${5000 + i}</b:Note><a:OrderLineReference><b:LineID>${i + 1}</b:LineID></a:OrderLineReference><a:Item>`),
  );
  // Totals for 20 lines of 100.00 at 25 %: only the header amounts change, the lines keep theirs.
  const head = src.slice(0, src.indexOf('<a:InvoiceLine>'))
    .replace('<b:TaxAmount currencyID="EUR">25.00</b:TaxAmount>', '<b:TaxAmount currencyID="EUR">500.00</b:TaxAmount>')
    .replace('<b:TaxableAmount currencyID="EUR">100.00</b:TaxableAmount><b:TaxAmount currencyID="EUR">25.00', '<b:TaxableAmount currencyID="EUR">2000.00</b:TaxableAmount><b:TaxAmount currencyID="EUR">500.00')
    .replace('<b:LineExtensionAmount currencyID="EUR">100.00', '<b:LineExtensionAmount currencyID="EUR">2000.00')
    .replace('<b:TaxExclusiveAmount currencyID="EUR">100.00', '<b:TaxExclusiveAmount currencyID="EUR">2000.00')
    .replaceAll('125.00', '2500.00');
  return new Uint8Array(Buffer.from(`${head}${lines.join('\n  ')}\n</Invoice>\n`));
}

function bareParse(bytes: Uint8Array): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(new TextDecoder().decode(bytes));
  parser.close();
}

type Contender = { label: string; fn: (b: Uint8Array) => void; elapsed: number; docs: number; bytes: number };

/**
 * Docs per second of each function, taking turns in slices of about 25 ms over the same seconds, so that a load
 * from other processes on this shared machine slows them alike and the ratio between them stays meaningful.
 */
function measure(docs: Uint8Array[], fns: Array<[string, (b: Uint8Array) => void]>, seconds = 6): number[] {
  const contenders: Contender[] = fns.map(([label, fn]) => ({ label, fn, elapsed: 0, docs: 0, bytes: 0 }));
  for (const c of contenders) for (let i = 0; i < 200; i++) c.fn(docs[i % docs.length]!); // warm up
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (const c of contenders) {
      const start = performance.now();
      do {
        for (const d of docs) {
          c.fn(d);
          c.bytes += d.byteLength;
        }
        c.docs += docs.length;
      } while (performance.now() - start < 25);
      c.elapsed += (performance.now() - start) / 1000;
    }
  }
  for (const c of contenders) {
    console.log(`${c.label.padEnd(34)} ${(c.docs / c.elapsed).toFixed(0).padStart(7)} docs/s  ${(c.bytes / c.elapsed / 1048576).toFixed(1).padStart(6)} MB/s`);
  }
  return contenders.map((c) => c.docs / c.elapsed);
}

const typical = twentyLineInvoice();
const check = readEInvoice(typical);
if (!check.ok || check.invoices[0]!.lines.length !== 20) throw new Error('benchmark invoice does not read as 20 lines');
console.log(`typical invoice: ${typical.byteLength} bytes, 20 lines, warnings: ${JSON.stringify(check.invoices[0]!.warnings)}`);

const files = ['ubl', 'cii', 'fatturapa'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, corpus))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => new Uint8Array(readFileSync(new URL(`${dir}/${f}`, corpus)))),
);
const corpusBytes = files.reduce((n, f) => n + f.byteLength, 0);
console.log(`corpus: ${files.length} files, ${(corpusBytes / 1048576).toFixed(2)} MB`);

const read = (b: Uint8Array) => {
  if (!readEInvoice(b).ok) throw new Error('read failed');
};
const [typicalRead, typicalBare] = measure([typical], [['20-line Peppol invoice: reader', read], ['20-line Peppol invoice: bare saxes', bareParse]]) as [number, number];
const [corpusRead, corpusBare] = measure(files, [['whole corpus: reader', read], ['whole corpus: bare saxes', bareParse]]) as [number, number];
console.log(`ratio reader/bare (time): 20-line ${(typicalBare / typicalRead).toFixed(2)}x, corpus ${(corpusBare / corpusRead).toFixed(2)}x`);

// Hostile and broken input: how long each case takes to be answered (target: under a second each), and the heap it costs.
const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const enc = (s: string) => new Uint8Array(Buffer.from(s));
const laughs = Array.from({ length: 10 }, (_, i) => (i === 0 ? '<!ENTITY l0 "lol">' : `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`)).join('');
const hostile: Array<[string, () => Uint8Array]> = [
  ['XXE (external entity)', () => enc(`<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice xmlns="${UBL_NS}">&x;</Invoice>`)],
  ['billion laughs', () => enc(`<!DOCTYPE l [${laughs}]><Invoice xmlns="${UBL_NS}">&l9;</Invoice>`)],
  ['200,000-deep nesting', () => enc(`<Invoice xmlns="${UBL_NS}">${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</Invoice>`)],
  ['50 MB file', () => new Uint8Array(50 * 1024 * 1024).fill(0x20)],
  ['truncated invoice', () => typical.slice(0, Math.floor(typical.byteLength / 2))],
  ['binary bytes', () => new Uint8Array(Buffer.alloc(1 << 20, 7))],
  ['invalid UTF-8', () => new Uint8Array([...enc(`<?xml version="1.0" encoding="UTF-8"?><Invoice xmlns="${UBL_NS}"><x>`), 0xc3, 0x28, ...enc('</x></Invoice>')])],
  ['broken p7m envelope', () => new Uint8Array([0x30, 0x82, 0xff, 0xff, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80])],
  ['20 MB of text in one element', () => enc(`<Invoice xmlns="${UBL_NS}"><x>${'a'.repeat(20 * 1024 * 1024 - 100)}</x></Invoice>`)],
];
console.log('\nhostile input                      answer time   heap growth   answer');
for (const [label, make] of hostile) {
  const bytes = make();
  const heap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = readEInvoice(bytes);
  const ms = performance.now() - t0;
  const grown = (process.memoryUsage().heapUsed - heap) / 1048576;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(8)} ms ${grown.toFixed(0).padStart(9)} MB   ${result.ok ? 'read' : result.error.slice(0, 70)}`);
}
