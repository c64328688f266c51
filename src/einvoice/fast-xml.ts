/*
 * The element tree of a plain XML document, built with indexOf and a few sticky regular
 * expressions instead of saxes' character-by-character state machine (saxes was about 40 % of
 * the reader's CPU and the reader a quarter of the sync worker's; BENCHMARKS.md, "Invoice sync").
 *
 * It accepts only a subset it checks in full, and answers null for anything else: then
 * parseXml reads the document with saxes, which also words every refusal. So a document is
 * never accepted here that saxes would refuse, and the tree is the one saxes builds (the
 * differential tests in test/einvoice/fast-xml.test.ts hold it to that). The subset: an
 * optional `<?xml version="1.0" …?>` declaration, comments, elements and attributes with ASCII
 * names (one prefix at most), namespace declarations other than the reserved ones, the five
 * predefined entities and character references below U+FFFF, no CR, no character outside
 * the BMP, no control characters, no CDATA, no processing instruction, no DOCTYPE, no tab or
 * newline inside attribute values (saxes normalises those), and the XmlLimits not reached.
 */
import type { SaxesAttributeNS } from 'saxes';
import { NO_ATTRIBUTES, type Attributes } from './start-tag';
import type { XmlElement, XmlLimits } from './xml-tree';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Characters the subset leaves to saxes: controls, CR, U+FFFE/FFFF, any surrogate (so anything outside the BMP). */
const OUTSIDE_SUBSET = /[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const DECLARATION = /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"1\.0"|'1\.0')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/y;
/** ASCII name characters: 1 may start a name, 2 only continue one (digits, '.', '-'). */
const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  NAME_CHAR[c] = /[A-Za-z_]/.test(ch) ? 1 : /[0-9.-]/.test(ch) ? 2 : 0;
}
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ONLY_SPACES = /^[ \t\n]*$/;

/** Prefix to namespace, without a prototype (a prefix may be called `constructor`). */
type Namespaces = Record<string, string>;
type Open = { el: XmlElement; qname: string; ns: Namespaces };

/** The tree saxes would build, or null when the document is outside the subset (or beyond the limits). */
export function fastParseXml(s: string, limits: XmlLimits): XmlElement | null {
  if (s.charCodeAt(0) !== 0x3c /* < */ || OUTSIDE_SUBSET.test(s)) return null;
  let p = 0;
  if (s.startsWith('<?xml', 0)) {
    DECLARATION.lastIndex = 0;
    if (!DECLARATION.test(s)) return null;
    p = DECLARATION.lastIndex;
  }
  const stack: Open[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  const top: Namespaces = Object.assign(Object.create(null) as Namespaces, { xml: XML_NS, xmlns: XMLNS_NS });

  for (;;) {
    const lt = s.indexOf('<', p);
    const end = lt === -1 ? s.length : lt;
    if (end > p) {
      const current = stack.length > 0 ? stack[stack.length - 1]!.el : null;
      const raw = s.slice(p, end);
      if (current) {
        const text = decodeText(raw);
        if (text === null) return null;
        current.text += text;
      } else if (!ONLY_SPACES.test(raw)) return null;
    }
    if (lt === -1) return stack.length === 0 && root ? root : null;
    p = lt;
    const next = s.charCodeAt(p + 1);
    if (next === 0x21 /* ! */) {
      if (!s.startsWith('<!--', p)) return null; // CDATA, DOCTYPE: saxes
      const close = s.indexOf('--', p + 4);
      if (close === -1 || s.charCodeAt(close + 2) !== 0x3e /* > */) return null;
      p = close + 3;
    } else if (next === 0x3f /* ? */) {
      return null;
    } else if (next === 0x2f /* / */) {
      const open = stack.pop();
      if (!open) return null;
      if (!s.startsWith(open.qname, p + 2)) return null;
      p = skipSpaces(s, p + 2 + open.qname.length);
      if (s.charCodeAt(p) !== 0x3e) return null;
      p++;
    } else {
      if (root && stack.length === 0) return null; // a second root
      if (!scanQname(s, p + 1)) return null;
      const tagName = s.slice(p + 1, qname.end);
      const tagPrefix = qname.colon === -1 ? undefined : s.slice(p + 1, qname.colon);
      const tagLocal = qname.colon === -1 ? tagName : s.slice(qname.colon + 1, qname.end);
      p = qname.end;
      // attributes, as saxes keeps them: by qualified name, in document order
      let raw: { qname: string; prefix: string | undefined; local: string; value: string }[] | null = null;
      for (;;) {
        const afterSpaces = skipSpaces(s, p);
        const c = s.charCodeAt(afterSpaces);
        if (c === 0x3e || c === 0x2f) {
          p = afterSpaces;
          break;
        }
        if (afterSpaces === p) return null; // an attribute must follow white space
        if (!scanQname(s, afterSpaces)) return null;
        const name = s.slice(afterSpaces, qname.end);
        const prefix = qname.colon === -1 ? undefined : s.slice(afterSpaces, qname.colon);
        const local = qname.colon === -1 ? name : s.slice(qname.colon + 1, qname.end);
        p = skipSpaces(s, qname.end);
        if (s.charCodeAt(p) !== 0x3d /* = */) return null;
        p = skipSpaces(s, p + 1);
        const quote = s.charCodeAt(p);
        if (quote !== 0x22 && quote !== 0x27) return null;
        const close = s.indexOf(quote === 0x22 ? '"' : "'", p + 1);
        if (close === -1) return null;
        const value = decodeAttribute(s.slice(p + 1, close));
        if (value === null) return null;
        p = close + 1;
        raw ??= [];
        if (raw.length >= limits.maxAttributes) return null;
        for (const other of raw) if (other.qname === name) return null;
        raw.push({ qname: name, prefix, local, value });
      }
      const selfClosing = s.charCodeAt(p) === 0x2f;
      if (selfClosing && s.charCodeAt(p + 1) !== 0x3e) return null;
      p += selfClosing ? 2 : 1;

      if (++elements > limits.maxElements || stack.length >= limits.maxDepth) return null;
      const parentNs = stack.length > 0 ? stack[stack.length - 1]!.ns : top;
      let ns = parentNs;
      let attributes: Attributes = NO_ATTRIBUTES;
      if (raw) {
        for (const a of raw) {
          // a namespace is the declaration's value trimmed, as saxes takes it
          if (a.prefix === 'xmlns') {
            const uri = a.value.trim();
            if (a.local === 'xml' || a.local === 'xmlns' || uri === '' || uri === XML_NS || uri === XMLNS_NS) return null;
            if (ns === parentNs) ns = Object.assign(Object.create(null) as Namespaces, parentNs);
            ns[a.local] = uri;
          } else if (a.prefix === undefined && a.local === 'xmlns') {
            const uri = a.value.trim();
            if (uri === XML_NS || uri === XMLNS_NS) return null;
            if (ns === parentNs) ns = Object.assign(Object.create(null) as Namespaces, parentNs);
            ns[''] = uri;
          }
        }
        attributes = Object.create(null) as Attributes;
        const expanded = new Set<string>();
        for (const a of raw) {
          let attribute: SaxesAttributeNS;
          if (a.prefix === undefined) {
            attribute = { name: a.qname, prefix: '', local: a.local, value: a.value, uri: a.local === 'xmlns' ? XMLNS_NS : '' };
          } else {
            if (a.prefix === 'xml') return null;
            const uri = a.prefix === 'xmlns' ? XMLNS_NS : ns[a.prefix];
            if (uri === undefined) return null;
            if (a.prefix !== 'xmlns') {
              const key = `${uri}\u0000${a.local}`;
              if (expanded.has(key)) return null;
              expanded.add(key);
            }
            attribute = { name: a.qname, prefix: a.prefix, local: a.local, value: a.value, uri };
          }
          attributes[a.qname] = attribute;
        }
      }
      let uri: string | undefined;
      if (tagPrefix === undefined) uri = ns[''] ?? '';
      else if (tagPrefix === 'xml' || tagPrefix === 'xmlns') return null;
      else uri = ns[tagPrefix];
      if (uri === undefined) return null;

      const el: XmlElement = { ns: uri, name: tagLocal, attributes, children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1]!.el.children.push(el);
      else root = el;
      if (!selfClosing) stack.push({ el, qname: tagName, ns });
    }
  }
}

function skipSpaces(s: string, p: number): number {
  for (let c = s.charCodeAt(p); c === 0x20 || c === 0x0a || c === 0x09; c = s.charCodeAt(++p));
  return p;
}

/** End of the name starting at p (p itself when none starts there). */
function nameEnd(s: string, p: number): number {
  const c = s.charCodeAt(p);
  if (!(c < 128 && NAME_CHAR[c] === 1)) return p;
  for (let d = s.charCodeAt(++p); d < 128 && NAME_CHAR[d] !== 0; d = s.charCodeAt(++p));
  return p;
}

/**
 * A name with at most one prefix at p: its end (p when there is none) and where its colon is (-1 without a prefix).
 * Written into `qname` to spare an allocation per tag.
 */
const qname = { end: 0, colon: -1 };
function scanQname(s: string, p: number): boolean {
  const first = nameEnd(s, p);
  if (first === p) return false;
  if (s.charCodeAt(first) !== 0x3a /* : */) {
    qname.end = first;
    qname.colon = -1;
    return true;
  }
  const second = nameEnd(s, first + 1);
  if (second === first + 1) return false;
  qname.end = second;
  qname.colon = first;
  return true;
}

/** Character data with its references replaced; null when it holds anything the subset leaves to saxes. */
function decodeText(raw: string): string | null {
  if (raw.includes(']]>')) return null;
  return raw.includes('&') ? decodeReferences(raw, false) : raw;
}

function decodeAttribute(raw: string): string | null {
  if (raw.includes('<') || raw.includes('\t') || raw.includes('\n')) return null;
  return raw.includes('&') ? decodeReferences(raw, true) : raw;
}

function decodeReferences(raw: string, inAttribute: boolean): string | null {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', from)) {
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(raw);
    if (!m) return null;
    let c: string;
    if (m[1] !== undefined) c = PREDEFINED[m[1]]!;
    else {
      const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16);
      // below a space only tab and line feed, and only in text; nothing that needs a surrogate pair
      const allowed = code >= 0x20 ? code <= 0xd7ff || (code >= 0xe000 && code <= 0xfffd) : !inAttribute && (code === 0x9 || code === 0xa);
      if (!allowed) return null;
      c = String.fromCharCode(code);
    }
    out += raw.slice(from, amp) + c;
    from = REFERENCE.lastIndex;
  }
  return out + raw.slice(from);
}
