/** A safe, namespace-aware light element tree: fast-xml.ts for plain documents, saxes for everything else. */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { reject } from './reject';
import { fastParseXml } from './fast-xml';
import { startTagAttributes } from './start-tag';
import type { XmlElement, XmlLimits } from './xml-tree';

export type { XmlElement, XmlLimits } from './xml-tree';

// Generous for any real invoice, small enough that a flood of elements or attributes is refused within a second.
export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 100, maxElements: 500_000, maxAttributes: 100 };

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  refuseHugeTags(text, limits);
  return fastParseXml(text, limits) ?? parseWithSaxes(text, limits);
}

/** saxes alone: every document outside fast-xml.ts's subset, and the reference its tests compare with. */
export function parseWithSaxes(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let current: XmlElement | null = null;
  let elements = 0;

  refuseHugeTags(text, limits);
  parser.on('doctype', () =>
    reject('The XML contains a DOCTYPE declaration, which e-invoices never have and which is refused for safety (XXE and entity expansion).'),
  );
  parser.on('error', (err) => reject(describeSyntaxError(err.message)));
  // No 'opentagstart' or 'attribute' handlers: either one puts saxes on a path about five times slower.
  parser.on('opentag', (tag) => {
    const attributes = startTagAttributes(tag as SaxesTagNS, text, parser.position, limits.maxAttributes);
    if (++elements > limits.maxElements) reject(`The XML has more than ${limits.maxElements} elements, which is beyond what an invoice can have.`);
    if (stack.length >= limits.maxDepth) reject(`The XML nests elements more than ${limits.maxDepth} levels deep, which is refused.`);
    const el: XmlElement = { ns: tag.uri, name: tag.local, attributes, children: [], text: '' };
    if (current) current.children.push(el);
    else root = el;
    stack.push(el);
    current = el;
  });
  parser.on('closetag', () => {
    stack.pop();
    current = stack.length > 0 ? stack[stack.length - 1]! : null;
  });
  parser.on('text', (t) => {
    if (current) current.text += t;
  });
  parser.on('cdata', (t) => {
    if (current) current.text += t;
  });

  parser.write(text);
  parser.close();
  if (!root) reject('The file contains no XML element.');
  return root;
}

/** Longest start tag we read: an attribute flood is refused before saxes spends seconds on it. */
const MAX_TAG_CHARS = 64 * 1024;

/** One linear scan with indexOf: comments, CDATA and processing instructions are skipped whole. */
function refuseHugeTags(text: string, limits: XmlLimits) {
  if (text.length <= MAX_TAG_CHARS) return; // no tag can be longer than the whole text
  for (let i = text.indexOf('<'); i !== -1; ) {
    let end: number;
    const next = text.charCodeAt(i + 1);
    if (next === 0x21 /* ! */ && text.startsWith('<!--', i)) end = text.indexOf('-->', i + 4);
    else if (next === 0x21 && text.startsWith('<![CDATA[', i)) end = text.indexOf(']]>', i + 9);
    else if (next === 0x3f /* ? */) end = text.indexOf('?>', i + 2);
    else {
      end = text.indexOf('>', i + 1);
      if ((end === -1 ? text.length : end) - i > MAX_TAG_CHARS) {
        reject(`An XML tag is longer than ${MAX_TAG_CHARS / 1024} KB (more than ${limits.maxAttributes} attributes can take), which is refused.`);
      }
    }
    if (end === -1) return; // unterminated: saxes reports where
    i = text.indexOf('<', end + 1);
  }
}

function describeSyntaxError(raw: string): string {
  // saxes messages look like "12:5: unclosed tag: Invoice"; keep line and column, drop the rest of its wording.
  const m = /^(?:.*?:)?(\d+):(\d+): (.*?)\.?$/s.exec(raw);
  const where = m ? ` at line ${m[1]}, column ${m[2]}` : '';
  const what = (m ? m[3]! : raw).replace(/\.$/, '');
  if (/^unclosed tag|^unexpected end|^document must contain a root/.test(what)) {
    return `The XML ends before the document is complete (the file is truncated or cut off${where ? ',' + where : ''}).`;
  }
  if (/undefined entity/.test(what)) return `The XML uses an entity that is not defined${where}.`;
  return `The file is not well-formed XML (${what}${where}).`;
}

/** Trimmed text of an element, null when absent or empty. */
export function textOf(el: XmlElement | undefined | null): string | null {
  if (!el) return null;
  const t = el.text.trim();
  return t === '' ? null : t;
}

/** Trimmed value of an attribute without a namespace prefix (the only kind invoices use), null when absent or empty. */
export function attr(el: XmlElement | undefined | null, name: string): string | null {
  const a = el?.attributes[name];
  if (a === undefined || a.prefix !== '' || name === 'xmlns') return null;
  return a.value.trim() || null;
}
