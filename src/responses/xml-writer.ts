/*
 * A small XML writer: every text and attribute value is escaped, and characters XML 1.0
 * cannot carry (NUL and the other C0 controls but tab and newlines, lone surrogates, U+FFFE/F)
 * are dropped, so a clerk's free text can never break or inject into the document. Written
 * by hand because the document is a few dozen elements and no dependency is worth that.
 */
export type XmlNode = { name: string; attrs: Record<string, string | null | undefined>; children: XmlNode[]; text: string | null };
type Child = XmlNode | null | undefined | false;

/** An element with text content (null or empty text: the element is left out). */
export function leaf(name: string, text: string | null | undefined, attrs: XmlNode['attrs'] = {}): XmlNode | null {
  return text === null || text === undefined || text === '' ? null : { name, attrs, children: [], text };
}

/** An element with child elements; one left without children is left out. */
export function branch(name: string, children: Child[], attrs: XmlNode['attrs'] = {}): XmlNode | null {
  const kept = children.filter((c): c is XmlNode => !!c);
  return kept.length === 0 ? null : { name, attrs, children: kept, text: null };
}

const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const xmlSafe = (text: string) => text.replace(NOT_XML, '');

export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function write(node: XmlNode, indent: string, out: string[]) {
  const attrs = Object.entries(node.attrs)
    .filter((a): a is [string, string] => typeof a[1] === 'string')
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');
  if (node.text !== null) {
    out.push(`${indent}<${node.name}${attrs}>${escapeText(node.text).replace(/\r/g, '&#13;')}</${node.name}>`);
    return;
  }
  out.push(`${indent}<${node.name}${attrs}>`);
  for (const child of node.children) write(child, `${indent}  `, out);
  out.push(`${indent}</${node.name}>`);
}

export function renderXml(root: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
