/*
 * The sandbox renders a bulk invoice each time a client downloads it (~500 elements for 20 lines),
 * so this is written for speed: escaping is one regex test for the usual text, and a block is
 * indented once, when the whole document is turned into a string, instead of re-indenting every
 * line at each level of nesting (which was most of the sandbox's CPU in an import).
 */
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITY[c]!) : text;
}

/** `<tag attrs>escaped text</tag>`; attribute values are escaped too. */
export function el(tag: string, text: string, attributes?: Record<string, string>): string {
  let attrs = '';
  if (attributes) for (const name in attributes) attrs += ` ${name}="${escapeXml(attributes[name]!)}"`;
  return `<${tag}${attrs}>${escapeXml(text)}</${tag}>`;
}

export type Xml = string | XmlBlock;
type Child = Xml | undefined | false;

/** An element whose children are on their own lines, two spaces deeper; a string when printed. */
export class XmlBlock {
  constructor(
    private readonly tag: string,
    private readonly children: Child[],
  ) {}

  toString(): string {
    return this.at('');
  }

  private at(prefix: string): string {
    const inner = `${prefix}  `;
    let out = `${prefix}<${this.tag}>\n`;
    let empty = true;
    for (const child of this.children) {
      if (child instanceof XmlBlock) out += (empty ? '' : '\n') + child.at(inner);
      else if (typeof child === 'string' && child.length > 0) out += (empty ? inner : `\n${inner}`) + (child.includes('\n') ? child.replaceAll('\n', `\n${inner}`) : child);
      else continue;
      empty = false;
    }
    const space = this.tag.indexOf(' ');
    return `${out}${empty ? prefix : ''}\n${prefix}</${space < 0 ? this.tag : this.tag.slice(0, space)}>`;
  }
}

/** `<tag>` with each child on its own indented line (empty and missing children left out). */
export function block(tag: string, children: Child[]): XmlBlock {
  return new XmlBlock(tag, children);
}
