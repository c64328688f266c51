import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rejection } from '../../src/einvoice/reject';
import { attr, parseXml, textOf } from '../../src/einvoice/xml';

const limits = (maxAttributes: number) => ({ maxDepth: 10, maxElements: 100, maxAttributes });
const tooMany = (max: number) => (err: unknown) => err instanceof Rejection && err.message === `An XML element has more than ${max} attributes, which is refused.`;

test('the attribute limit counts every attribute of a start tag, namespace declarations too', () => {
  assert.throws(() => parseXml('<r a="" b="" c=""/>', limits(2)), tooMany(2));
  assert.throws(() => parseXml('<r xmlns="urn:x" a="" b=""></r>', limits(2)), tooMany(2));
  assert.throws(() => parseXml('<r><x a="1"\n b=\'2\'\tc="3" /></r>', limits(2)), tooMany(2));
  assert.throws(() => parseXml('<r><x a="" b="" c=">"/></r>', limits(2)), tooMany(2));
  assert.doesNotThrow(() => parseXml('<r a="" b=""/>', limits(2)));
  assert.doesNotThrow(() => parseXml('<r aaaaaaaaaaaa="" bbbbbbbbbbbbbbbbb="&lt;&gt;"/>', limits(2)));
  const hundredOne = `<r ${Array.from({ length: 101 }, (_, i) => `a${i}=""`).join(' ')}/>`;
  assert.throws(() => parseXml(hundredOne), tooMany(100));
  assert.doesNotThrow(() => parseXml(hundredOne.replace(' a100=""', '')));
});

test('attr reads unprefixed attributes, trimmed; prefixed ones and namespace declarations are not returned', () => {
  const root = parseXml('<r xmlns="urn:r" xmlns:p="urn:p" a=" 1 " p:b="2" empty="  "><c x="&gt;y"/>text</r>');
  assert.equal(attr(root, 'a'), '1');
  assert.equal(attr(root, 'b'), null);
  assert.equal(attr(root, 'p:b'), null);
  assert.equal(attr(root, 'xmlns'), null);
  assert.equal(attr(root, 'xmlns:p'), null);
  assert.equal(attr(root, 'empty'), null);
  assert.equal(attr(root, 'missing'), null);
  assert.equal(attr(root, 'constructor'), null);
  assert.equal(attr(root.children[0], 'x'), '>y');
  assert.equal(root.ns, 'urn:r');
  assert.equal(textOf(root), 'text');
});

test('attributes are kept however the start tag is written', () => {
  const root = parseXml('<r>\r\n<a x="1>2"/><b\r\n  y=\'/\'\r\n/><c z="3" ></c><d/><e></e><f x=\'4\'/></r>');
  assert.deepEqual(
    root.children.map((c) => [c.name, attr(c, 'x') ?? attr(c, 'y') ?? attr(c, 'z')]),
    [['a', '1>2'], ['b', '/'], ['c', '3'], ['d', null], ['e', null], ['f', '4']],
  );
});
