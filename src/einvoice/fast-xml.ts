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
import { internalized, type XmlElement, type XmlLimits } from './xml-tree';

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

/** A qualified name and its parts, shared by every tag and attribute spelt the same (see `nameAt`). */
type Name = { qname: string; prefix: string | undefined; local: string };

/** The tree saxes would build, or null when the document is outside the subset (or beyond the limits). */
export function fastParseXml(s: string, limits: XmlLimits): XmlElement | null {
  if (s.charCodeAt(0) !== 0x3c /* < */ || OUTSIDE_SUBSET.test(s)) return null;
  let p = 0;
  if (s.startsWith('<?xml', 0)) {
    DECLARATION.lastIndex = 0;
    if (!DECLARATION.test(s)) return null;
    p = DECLARATION.lastIndex;
  }
  // The open elements, their qualified names and namespaces: parallel arrays, so a tag allocates no frame.
  const openEls: XmlElement[] = [];
  const openNames: string[] = [];
  const openNs: Namespaces[] = [];
  let depth = 0;
  let root: XmlElement | null = null;
  let elements = 0;
  const top: Namespaces = Object.assign(Object.create(null) as Namespaces, { xml: XML_NS, xmlns: XMLNS_NS });
  // The attributes of the start tag being read, reused from tag to tag.
  const attrNames: Name[] = [];
  const attrValues: string[] = [];

  for (;;) {
    const lt = s.indexOf('<', p);
    const end = lt === -1 ? s.length : lt;
    if (end > p) {
      const current = depth > 0 ? openEls[depth - 1]! : null;
      const indent = indentation(s, p, end);
      if (indent !== null) {
        if (current) current.text += indent;
      } else {
        const raw = s.slice(p, end);
        if (current) {
          const text = decodeText(raw);
          if (text === null) return null;
          current.text += text;
        } else if (!ONLY_SPACES.test(raw)) return null;
      }
    }
    if (lt === -1) return depth === 0 && root ? root : null;
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
      if (depth === 0) return null;
      const qname = openNames[--depth]!;
      if (!s.startsWith(qname, p + 2)) return null;
      p = skipSpaces(s, p + 2 + qname.length);
      if (s.charCodeAt(p) !== 0x3e) return null;
      p++;
    } else {
      if (root && depth === 0) return null; // a second root
      const tag = nameAt(s, p + 1);
      if (!tag) return null;
      p = scanned.end;
      // attributes, as saxes keeps them: by qualified name, in document order
      let count = 0;
      for (;;) {
        const afterSpaces = skipSpaces(s, p);
        const c = s.charCodeAt(afterSpaces);
        if (c === 0x3e || c === 0x2f) {
          p = afterSpaces;
          break;
        }
        if (afterSpaces === p) return null; // an attribute must follow white space
        const name = nameAt(s, afterSpaces);
        if (!name) return null;
        p = skipSpaces(s, scanned.end);
        if (s.charCodeAt(p) !== 0x3d /* = */) return null;
        p = skipSpaces(s, p + 1);
        const quote = s.charCodeAt(p);
        if (quote !== 0x22 && quote !== 0x27) return null;
        const close = s.indexOf(quote === 0x22 ? '"' : "'", p + 1);
        if (close === -1) return null;
        const value = decodeAttribute(s.slice(p + 1, close));
        if (value === null) return null;
        p = close + 1;
        if (count >= limits.maxAttributes) return null;
        for (let k = 0; k < count; k++) if (attrNames[k]!.qname === name.qname) return null;
        attrNames[count] = name;
        attrValues[count++] = value;
      }
      const selfClosing = s.charCodeAt(p) === 0x2f;
      if (selfClosing && s.charCodeAt(p + 1) !== 0x3e) return null;
      p += selfClosing ? 2 : 1;

      if (++elements > limits.maxElements || depth >= limits.maxDepth) return null;
      const parentNs = depth > 0 ? openNs[depth - 1]! : top;
      let ns = parentNs;
      let attributes: Attributes = NO_ATTRIBUTES;
      if (count > 0) {
        for (let k = 0; k < count; k++) {
          const a = attrNames[k]!;
          // a namespace is the declaration's value trimmed, as saxes takes it
          if (a.prefix === 'xmlns') {
            const uri = attrValues[k]!.trim();
            if (a.local === 'xml' || a.local === 'xmlns' || uri === '' || uri === XML_NS || uri === XMLNS_NS) return null;
            if (ns === parentNs) ns = Object.assign(Object.create(null) as Namespaces, parentNs);
            ns[a.local] = uri;
          } else if (a.prefix === undefined && a.local === 'xmlns') {
            const uri = attrValues[k]!.trim();
            if (uri === XML_NS || uri === XMLNS_NS) return null;
            if (ns === parentNs) ns = Object.assign(Object.create(null) as Namespaces, parentNs);
            ns[''] = uri;
          }
        }
        attributes = Object.create(null) as Attributes;
        for (let k = 0; k < count; k++) {
          const a = attrNames[k]!;
          const value = attrValues[k]!;
          let attribute: SaxesAttributeNS;
          if (a.prefix === undefined) {
            attribute = { name: a.qname, prefix: '', local: a.local, value, uri: a.local === 'xmlns' ? XMLNS_NS : '' };
          } else {
            if (a.prefix === 'xml') return null;
            const uri = a.prefix === 'xmlns' ? XMLNS_NS : ns[a.prefix];
            if (uri === undefined) return null;
            // two prefixes for one namespace with the same local name: the same attribute twice
            if (a.prefix !== 'xmlns') {
              for (let j = 0; j < k; j++) {
                const b = attrNames[j]!;
                if (b.local === a.local && b.prefix !== undefined && b.prefix !== 'xmlns' && ns[b.prefix] === uri) return null;
              }
            }
            attribute = { name: a.qname, prefix: a.prefix, local: a.local, value, uri };
          }
          attributes[a.qname] = attribute;
        }
      }
      let uri: string | undefined;
      if (tag.prefix === undefined) uri = ns[''] ?? '';
      else if (tag.prefix === 'xml' || tag.prefix === 'xmlns') return null;
      else uri = ns[tag.prefix];
      if (uri === undefined) return null;

      const el: XmlElement = { ns: uri, name: tag.local, attributes, children: [], text: '' };
      if (depth > 0) openEls[depth - 1]!.children.push(el);
      else root = el;
      if (!selfClosing) {
        openEls[depth] = el;
        openNames[depth] = tag.qname;
        openNs[depth++] = ns;
      }
    }
  }
}

/**
 * A line break and the spaces after it, as indented documents have between their tags: one shared string per
 * width instead of a slice per gap (null for anything else).
 */
const INDENTS = Array.from({ length: 65 }, (_, width) => '\n' + ' '.repeat(width));
function indentation(s: string, from: number, to: number): string | null {
  if (s.charCodeAt(from) !== 0x0a || to - from > INDENTS.length) return null;
  for (let i = from + 1; i < to; i++) if (s.charCodeAt(i) !== 0x20) return null;
  return INDENTS[to - from - 1]!;
}

function skipSpaces(s: string, p: number): number {
  for (let c = s.charCodeAt(p); c === 0x20 || c === 0x0a || c === 0x09; c = s.charCodeAt(++p));
  return p;
}

/** Where the name read by the last `nameAt` ends. */
const scanned = { end: 0 };

/**
 * The names seen so far, by a hash of their characters: a tag or attribute name that was seen before (in this
 * document or an earlier one) is looked up without slicing the text, and every element of that name shares its
 * strings. A slot holds the last name that hashed to it.
 */
const NAME_SLOTS = 4096;
const names: (Name | undefined)[] = new Array(NAME_SLOTS);

/** The name with at most one prefix at p (its end in `scanned.end`), or null when none starts there. */
function nameAt(s: string, p: number): Name | null {
  let hash = 0;
  let c = s.charCodeAt(p);
  if (!(c < 128 && NAME_CHAR[c] === 1)) return null;
  let q = p;
  let colon = -1;
  for (;;) {
    hash = (Math.imul(hash, 31) + c) | 0;
    c = s.charCodeAt(++q);
    if (c < 128 && NAME_CHAR[c] !== 0) continue;
    if (c !== 0x3a /* : */ || colon !== -1) break;
    // one colon, then a name must start
    const d = s.charCodeAt(q + 1);
    if (!(d < 128 && NAME_CHAR[d] === 1)) return null;
    colon = q;
  }
  scanned.end = q;
  const slot = (hash ^ (hash >>> 13)) & (NAME_SLOTS - 1);
  const seen = names[slot];
  if (seen !== undefined && seen.qname.length === q - p && s.startsWith(seen.qname, p)) return seen;
  // a copy, not a slice: a slice would keep the whole document alive as long as the name stays here (names are ASCII)
  const qname = internalized(Buffer.from(s.slice(p, q), 'latin1').toString('latin1'));
  const name: Name =
    colon === -1 ? { qname, prefix: undefined, local: qname } : { qname, prefix: internalized(qname.slice(0, colon - p)), local: internalized(qname.slice(colon - p + 1)) };
  names[slot] = name;
  return name;
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
