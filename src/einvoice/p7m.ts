/** Minimal BER/DER walker that takes the signed content out of a CAdES (.p7m) SignedData envelope. */
import { reject } from './reject';

interface Node {
  tag: number; // identifier octet(s) folded: class+constructed bits and tag number
  constructed: boolean;
  start: number; // first content byte
  end: number; // one past the last content byte
  next: number; // first byte after this element (after the end-of-contents octets when indefinite)
}

const MAX_DEPTH = 32;
const SIGNED_DATA_OID = '2a864886f70d010702'; // 1.2.840.113549.1.7.2
const T_SEQUENCE = 0x30, T_OID = 0x06, T_OCTETS = 0x04, T_OCTETS_CONSTRUCTED = 0x24, T_CONTEXT0 = 0xa0;

function broken(detail: string): never {
  reject(`The signed (.p7m) envelope is damaged or not a CAdES signature: ${detail}.`);
}

function readNode(buf: Uint8Array, pos: number, limit: number, depth: number): Node {
  if (depth > MAX_DEPTH) broken('it nests too deeply');
  if (pos + 2 > limit) broken('it ends in the middle of an element');
  const tag = buf[pos]!;
  let p = pos + 1;
  if ((tag & 0x1f) === 0x1f) {
    // High tag number form: skip its continuation bytes; we never need those tags.
    while (p < limit && buf[p]! & 0x80) p++;
    p++;
  }
  if (p >= limit) broken('it ends in the middle of an element');
  const constructed = (tag & 0x20) !== 0;
  const first = buf[p++]!;
  if (first === 0x80) {
    if (!constructed) broken('a primitive element has an indefinite length');
    let child = p;
    for (;;) {
      if (child + 2 > limit) broken('an indefinite-length element is never closed');
      if (buf[child] === 0 && buf[child + 1] === 0) return { tag, constructed, start: p, end: child, next: child + 2 };
      child = readNode(buf, child, limit, depth + 1).next;
    }
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4) broken('an element declares an impossible length');
    length = 0;
    for (let i = 0; i < count; i++) {
      if (p >= limit) broken('it ends in the middle of an element');
      length = length * 256 + buf[p++]!;
    }
  }
  if (p + length > limit) broken('it is truncated');
  return { tag, constructed, start: p, end: p + length, next: p + length };
}

function children(buf: Uint8Array, node: Node, depth: number): Node[] {
  const out: Node[] = [];
  for (let p = node.start; p < node.end; ) {
    const child = readNode(buf, p, node.end, depth + 1);
    out.push(child);
    p = child.next;
  }
  return out;
}

function expect(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) broken(`${what} is missing`);
  return node;
}

/** Octet string content, joining the pieces of a constructed (BER) octet string. */
function octets(buf: Uint8Array, node: Node, depth: number): Uint8Array[] {
  if (node.tag === T_OCTETS) return [buf.subarray(node.start, node.end)];
  if (node.tag !== T_OCTETS_CONSTRUCTED) broken('the signed content is not an octet string');
  return children(buf, node, depth).flatMap((c) => octets(buf, c, depth + 1));
}

export function extractSignedContent(buf: Uint8Array): Uint8Array {
  const contentInfo = expect(readNode(buf, 0, buf.length, 0), T_SEQUENCE, 'the ContentInfo sequence');
  const [oid, explicit] = children(buf, contentInfo, 1);
  const type = expect(oid, T_OID, 'the content type');
  if (Buffer.from(buf.subarray(type.start, type.end)).toString('hex') !== SIGNED_DATA_OID) broken('it is not signed data');
  const signedData = expect(children(buf, expect(explicit, T_CONTEXT0, 'the signed data'), 2)[0], T_SEQUENCE, 'the SignedData sequence');
  // SignedData: version, digestAlgorithms, encapContentInfo, ...
  const encap = expect(children(buf, signedData, 3)[2], T_SEQUENCE, 'the encapsulated content');
  const [, content] = children(buf, encap, 4);
  if (!content) reject('The signed (.p7m) file holds only a detached signature, not the invoice itself.');
  const inner = expect(content, T_CONTEXT0, 'the encapsulated content');
  const pieces = children(buf, inner, 5).flatMap((c) => octets(buf, c, 6));
  if (pieces.length === 0) broken('the signed content is empty');
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}
