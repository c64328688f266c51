export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** `<tag attrs>escaped text</tag>`; attribute values are escaped too. */
export function el(tag: string, text: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return `<${tag}${attrs}>${escapeXml(text)}</${tag}>`;
}

/** Indents pre-rendered child lines under an element. */
export function block(tag: string, children: (string | undefined | false)[], indent = '  '): string {
  const inner = children
    .filter((child): child is string => typeof child === 'string' && child.length > 0)
    .map((child) => child.split('\n').map((line) => indent + line).join('\n'))
    .join('\n');
  return `<${tag}>\n${inner}\n</${tag.split(' ')[0]}>`;
}
