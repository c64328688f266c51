/** The attributes of a start tag, judged from its raw text so that most elements never walk saxes' attribute dictionary. */
import type { SaxesAttributeNS, SaxesTagNS } from 'saxes';
import { reject } from './reject';

/** saxes' attributes by qualified name (namespace declarations included). */
export type Attributes = Record<string, SaxesAttributeNS>;

/** Shared by every element whose start tag has no attributes. */
export const NO_ATTRIBUTES: Attributes = Object.freeze(Object.create(null) as Attributes);

const LESS = 0x3c, GREATER = 0x3e, SLASH = 0x2f, QUOTE = 0x22, APOSTROPHE = 0x27, SPACE = 0x20;

/** The shortest an attribute can be written: white space, a one-letter name, '=' and two quotes. */
const MIN_ATTRIBUTE_CHARS = ' a=""'.length;

/**
 * The attributes to keep for the start tag saxes has just reported; more than `max` are refused.
 * `end` is just past the tag's '>' in `text`. Walking saxes' null-prototype dictionary to count is the costliest
 * thing we could do per element, so we do it only when the tag's text leaves a doubt.
 */
export function startTagAttributes(tag: SaxesTagNS, text: string, end: number, max: number): Attributes {
  if (text.charCodeAt(end - 1) !== GREATER) return counted(tag, max); // not where we expect it: count
  let i = end - 2;
  if (text.charCodeAt(i) === SLASH) i--;
  // After the last attribute come its closing quote and maybe white space, so a tag that ends in its name has none.
  const last = text.charCodeAt(i);
  if (last !== QUOTE && last !== APOSTROPHE && last > SPACE) return NO_ATTRIBUTES;
  // The tag's '<' is the last one before `end` (attribute values may not contain '<'); a tag that short cannot hold more than `max`.
  for (const stop = Math.max(0, end - MIN_ATTRIBUTE_CHARS * max); i >= stop; i--) {
    if (text.charCodeAt(i) === LESS) return tag.attributes;
  }
  return counted(tag, max);
}

function counted(tag: SaxesTagNS, max: number): Attributes {
  let count = 0;
  for (const _ in tag.attributes) if (++count > max) reject(`An XML element has more than ${max} attributes, which is refused.`);
  return tag.attributes;
}
