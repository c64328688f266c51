/** Minimal path queries ("cac:Party/cbc:Name") over the element tree, matched by namespace URI and local name. */
import { textOf, type XmlElement } from './xml';
import { internalized } from './xml-tree';

interface Step {
  uris: readonly string[];
  name: string;
}

/** Prefix → namespace URIs a step with that prefix may match (prefixes here are ours, not the document's). */
export type Namespaces = Record<string, readonly string[]>;

export class Selector {
  private readonly compiled = new Map<string, Step[]>();
  constructor(private readonly namespaces: Namespaces) {}

  private steps(path: string): Step[] {
    let steps = this.compiled.get(path);
    if (!steps) {
      steps = path.split('/').map((part) => {
        const colon = part.indexOf(':');
        const prefix = colon < 0 ? '' : part.slice(0, colon);
        const uris = this.namespaces[prefix];
        if (!uris) throw new Error(`unknown prefix in path ${path}`);
        return { uris, name: internalized(part.slice(colon + 1)) };
      });
      this.compiled.set(path, steps);
    }
    return steps;
  }

  first(el: XmlElement | undefined, path: string): XmlElement | undefined {
    let node = el;
    for (const step of this.steps(path)) {
      if (!node) return undefined;
      node = firstChild(node, step);
    }
    return node;
  }

  all(el: XmlElement | undefined, path: string): XmlElement[] {
    if (!el) return [];
    let nodes = [el];
    for (const step of this.steps(path)) {
      const next: XmlElement[] = [];
      for (const n of nodes) for (const c of n.children) if (matches(c, step)) next.push(c);
      nodes = next;
    }
    return nodes;
  }

  text(el: XmlElement | undefined, path: string): string | null {
    return textOf(this.first(el, path));
  }

  texts(el: XmlElement | undefined, path: string): string[] {
    const out: string[] = [];
    for (const n of this.all(el, path)) {
      const t = textOf(n);
      if (t !== null) out.push(t);
    }
    return out;
  }
}

function matches(el: XmlElement, step: Step): boolean {
  return el.name === step.name && step.uris.includes(el.ns);
}

function firstChild(el: XmlElement, step: Step): XmlElement | undefined {
  for (const c of el.children) if (matches(c, step)) return c;
  return undefined;
}
