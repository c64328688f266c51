/*
 * fast-xml.ts builds the tree for plain documents and leaves everything else to saxes. It must
 * never accept what saxes refuses and must build exactly saxes' tree: checked on every XML file
 * of the shared corpus, on the sandbox's generated invoices, and on random edits of small documents.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeXml } from '../../src/einvoice/encoding';
import { fastParseXml } from '../../src/einvoice/fast-xml';
import { DEFAULT_XML_LIMITS, parseWithSaxes, type XmlElement } from '../../src/einvoice/xml';
import { generateBulkInvoices } from '../../src/pagero-sandbox/seed-demo';
import { corpusDir } from './corpus-expectations';

const saxes = (text: string): XmlElement | 'refused' => {
  try {
    return parseWithSaxes(text);
  } catch {
    return 'refused';
  }
};

/** The fast tree, when there is one, is saxes' tree; returns whether the fast path took the document. */
function agrees(text: string): boolean {
  const fast = fastParseXml(text, DEFAULT_XML_LIMITS);
  if (fast === null) return false;
  const reference = saxes(text);
  assert.notEqual(reference, 'refused', `accepted a document saxes refuses:\n${text.slice(0, 500)}`);
  assert.deepStrictEqual(fast, reference);
  return true;
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = `${dir}/${name}`;
    if (statSync(file).isDirectory()) return xmlFiles(file);
    return name.endsWith('.xml') ? [file] : [];
  });
}

describe('E-invoice reader > the fast XML path', () => {
  it('builds saxes’ tree for every XML file of the corpus it takes, and takes most of them', () => {
    const files = xmlFiles(new URL(corpusDir).pathname);
    let taken = 0;
    for (const file of files) {
      let text: string;
      try {
        text = decodeXml(readFileSync(file));
      } catch {
        continue; // not decodable: the reader refuses it before parsing
      }
      if (agrees(text)) taken++;
    }
    assert.ok(files.length > 50, `${files.length} corpus files`);
    assert.ok(taken > files.length / 2, `the fast path took ${taken} of ${files.length} corpus files`);
  });

  it('takes the invoices the Pagero sandbox generates (what the sync benchmark imports)', () => {
    const docs = generateBulkInvoices({ company: { id: 'c', name: 'Bench AB', vatNumber: 'SE556000000101', country: 'SE' }, count: 20, lines: 5, prerender: true });
    for (const doc of docs) assert.ok(agrees(Buffer.from((doc.targetDocument as () => Uint8Array)()).toString('utf8')));
  });

  it('keeps names apart across documents: prefixes bound anew, more names than the name table holds, indentation', () => {
    // fast-xml.ts keeps the names it has seen in a table shared by every document, and one string per indentation width
    const names = Array.from({ length: 6000 }, (_, i) => `n${i.toString(36)}`);
    const docs = [
      '<p:a xmlns:p="urn:one"><p:b p:c="1"/></p:a>',
      '<p:a xmlns:p="urn:two"><p:b p:c="2" q:c="3" xmlns:q="urn:three"/></p:a>',
      `<r>${names.map((n, i) => `<${n} ${n}="${i}"/>`).join('')}</r>`,
      `<r>${[...names].reverse().map((n) => `<q:${n} xmlns:q="urn:q" q:${n}="x"/>`).join('')}</r>`,
      `<a>\n${' '.repeat(64)}<b/>\n${' '.repeat(65)}<c/>\n\t<d/>\n  x\n<e>\n</e>\n\n <f>\n  </f></a>\n  `,
    ];
    for (const text of [...docs, ...docs]) assert.ok(agrees(text), text.slice(0, 80));
    const twice = '<p:a xmlns:p="urn:two"><p:b p:c="2" q:c="3" xmlns:q="urn:two"/></p:a>';
    assert.equal(fastParseXml(twice, DEFAULT_XML_LIMITS), null, 'the same attribute twice through two prefixes');
    assert.equal(saxes(twice), 'refused');
  });

  it('agrees with saxes on the awkward corners it either takes or leaves', () => {
    const cases = [
      '<a/>', '<a></a>', '<a >x</a >', '<a b="1" c=\'2\'/>', '<a b = "1"/>', '<a b="1"c="2"/>', '<a b="1" b="2"/>',
      '<?xml version="1.0"?><a/>', '<?xml version="1.1"?><a/>', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a/>\n',
      '<?xml version="1.0" encoding="UTF-8" ?><a/>', '<?xml  version="1.0"?><a/>', '<?xml version="1.0"encoding="UTF-8"?><a/>',
      '<!-- c --><a/><!-- d -->', '<a><!-- c -- d --></a>', '<a><!-- c ---></a>', '<a>x<!--c-->y</a>',
      '<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#9;&#10;</a>', '<a>&#13;</a>', '<a>&#0;</a>', '<a>&#xD800;</a>', '<a>&foo;</a>', '<a>& b</a>', '<a>&#x1F600;</a>',
      '<a b="&amp;&#65;"/>', '<a b="&#10;"/>', '<a b="x\ny"/>', '<a b="x\ty"/>', '<a b="<"/>', '<a b=">"/>',
      '<a>]]></a>', '<a>]]</a>', '<a>></a>', '<a><![CDATA[x]]></a>', '<!DOCTYPE a><a/>', '<a><?pi x?></a>',
      '<a xmlns="urn:x"><b/></a>', '<p:a xmlns:p="urn:p"><p:b p:c="1" d="2"/></p:a>', '<p:a/>', '<a xmlns:p=""/>', '<a xmlns:xml="urn:x"/>',
      '<a xmlns:xmlns="urn:x"/>', '<a xmlns:p="urn:p" xmlns:q="urn:p" p:c="1" q:c="2"/>', '<a xml:lang="en"/>', '<xml:a/>', '<a:b:c/>',
      '<a xmlns="urn:x"><b xmlns=""><c/></b></a>', '<a><b></a></b>', '<a><b>', '<a/><b/>', 'x<a/>', '<a/>x', ' <a/>', '<a/> ', '',
      '<a>\r\n</a>', '<a>\u0001</a>', '<a>\uFFFE</a>', '<é/>', '<a é="1"/>', '<_a-b.c d_e="1"/>', '<1a/>', '<a b/>', '<a b=1/>', '<a/ >',
      '<a>\n  <b>text</b>\n  tail &amp; more\n</a>', '<a b="1"\n c="2"/>', '<constructor:a/>', '<a toString:b="1"/>', '<__proto__:a xmlns:__proto__="urn:p"/>',
    ];
    let taken = 0;
    for (const text of cases) if (agrees(text)) taken++;
    assert.ok(taken >= 20, `took ${taken} of ${cases.length}`);
  });

  it('never accepts a randomly edited document that saxes refuses, and builds its tree when it accepts one', () => {
    const base =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:cbc" xmlns:cac="urn:cac">\n' +
      '  <cbc:ID schemeID="0088">A &amp; B</cbc:ID>\n  <!-- note -->\n  <cac:Line><cbc:Amount currencyID=\'EUR\'>1.00</cbc:Amount><cbc:Note/></cac:Line>\n</Invoice>\n';
    const pieces = ['<', '>', '/', '"', "'", '=', ' ', '\n', '\t', '\r', '&', ';', '#', 'x', ':', '!', '-', '?', '[', ']', 'a', 'cbc', 'xmlns', '&amp;', '&#65;', '<!--', '-->', '<![CDATA[', ']]>', '\u0000', '\uFFFF', '😀', 'é',
      ' xmlns:q="urn:q"', ' xmlns=""', ' xmlns:cbc=" urn:cbc "', 'q:', 'xml:', ' a="1"', " q:a='2'", '&#x41;', '&#10;', '&#13;', '</cbc:ID>', '<cbc:X/>', '<?xml version="1.0"?>'];
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 4 }), insert: fc.array(fc.constantFrom(...pieces), { maxLength: 3 }) });
    let taken = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = base;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert.join('') + text.slice(at + e.cut);
        }
        if (agrees(text)) taken++;
      }),
      { numRuns: 3000, seed: 19 },
    );
    assert.ok(taken > 100, `took ${taken} of 3000 edited documents`);
  });
});
