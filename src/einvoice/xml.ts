/** A safe, namespace-aware light element tree built in one pass with saxes. */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { reject } from './reject';

export interface XmlElement {
  ns: string;
  name: string;
  /** Attributes without a namespace by local name; namespaced ones as `{uri}local`. */
  attrs: Record<string, string> | null;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
  maxAttributes: number;
}

// Generous for any real invoice, small enough that a flood of elements or attributes is refused within a second.
export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 100, maxElements: 500_000, maxAttributes: 100 };

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
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
    let attributes = 0;
    for (const _ in tag.attributes) if (++attributes > limits.maxAttributes) reject(`An XML element has more than ${limits.maxAttributes} attributes, which is refused.`);
    if (++elements > limits.maxElements) reject(`The XML has more than ${limits.maxElements} elements, which is beyond what an invoice can have.`);
    if (stack.length >= limits.maxDepth) reject(`The XML nests elements more than ${limits.maxDepth} levels deep, which is refused.`);
    const el: XmlElement = { ns: tag.uri, name: tag.local, attrs: attributesOf(tag as SaxesTagNS), children: [], text: '' };
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

function attributesOf(tag: SaxesTagNS): Record<string, string> | null {
  let attrs: Record<string, string> | null = null;
  for (const key in tag.attributes) {
    const a = tag.attributes[key]!;
    if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
    attrs ??= {};
    attrs[a.uri ? `{${a.uri}}${a.local}` : a.local] = a.value;
  }
  return attrs;
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

export function attr(el: XmlElement | undefined | null, name: string): string | null {
  const v = el?.attrs?.[name];
  return v === undefined ? null : v.trim() || null;
}
