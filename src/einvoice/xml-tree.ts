/** The element tree the reader works on (built by parseXml in xml.ts). */
import type { Attributes } from './start-tag';

export interface XmlElement {
  ns: string;
  name: string;
  /** saxes' own attributes of the start tag, by qualified name; read them with `attr`. */
  attributes: Attributes;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
  maxAttributes: number;
}

/**
 * V8's own copy of a string, the one it keeps for property names: two such strings are compared by identity, so the
 * selectors' name tests (select.ts) against the fast path's element names cost a pointer comparison.
 */
export const internalized = (s: string): string => Object.keys({ [s]: 0 })[0]!;
