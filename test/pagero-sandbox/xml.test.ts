import assert from 'node:assert/strict';
import { test } from 'node:test';
import { block, el, escapeXml } from '../../src/pagero-sandbox/xml';

test('escapeXml escapes the five XML specials and leaves other text as it is', () => {
  assert.equal(escapeXml(`Smith & Söhne <"GmbH"> 'x'`), 'Smith &amp; Söhne &lt;&quot;GmbH&quot;&gt; &apos;x&apos;');
  assert.equal(escapeXml('Plain text, 1.00 €'), 'Plain text, 1.00 €');
});

test('el escapes its text and attribute values', () => {
  assert.equal(el('cbc:Note', 'a < b'), '<cbc:Note>a &lt; b</cbc:Note>');
  assert.equal(el('cbc:Amount', '10.00', { currencyID: 'EUR', x: '"q"' }), '<cbc:Amount currencyID="EUR" x="&quot;q&quot;">10.00</cbc:Amount>');
});

test('block puts each child on its own line, two spaces deeper per level, and leaves out empty children', () => {
  const xml = block('Invoice xmlns="urn:x"', [
    el('ID', '1'),
    undefined,
    false,
    '',
    block('cac:Party', [el('Name', 'A'), block('cac:Address', [el('City', 'B')])]),
    'first line\nsecond line',
    block('Empty', []),
  ]);
  assert.equal(
    String(xml),
    [
      '<Invoice xmlns="urn:x">',
      '  <ID>1</ID>',
      '  <cac:Party>',
      '    <Name>A</Name>',
      '    <cac:Address>',
      '      <City>B</City>',
      '    </cac:Address>',
      '  </cac:Party>',
      '  first line',
      '  second line',
      '  <Empty>',
      '  ',
      '  </Empty>',
      '</Invoice>',
    ].join('\n'),
  );
  assert.equal(`${block('Empty', [])}`, '<Empty>\n\n</Empty>');
});
