/**
 * Deterministic edited copies of an invoice, each breaking one thing the rules look at (a value deleted, emptied,
 * made another number or code, given three decimals, stripped of its attributes, doubled, or a whole element
 * removed). Used to compare the findings of two builds of the rules on far more failing rules than the corpus has.
 */

export function mutants(xml: string, count: number, seed: number): Array<{ what: string; xml: string }> {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const leaves = [...xml.matchAll(/<([\w:.-]+)((?:\s[^>]*)?)>([^<]*)<\/\1>/g)].filter((m) => !m[1]!.startsWith('?'));
  const starts = [...xml.matchAll(/<([\w:.-]+)(\s[^>]*)?>/g)].filter((m) => !m[0].endsWith('/>'));
  const out: Array<{ what: string; xml: string }> = [];
  const kinds = ['delete-leaf', 'empty-leaf', 'number', 'code', 'drop-attributes', 'delete-subtree', 'duplicate-leaf', 'decimals'];
  for (let n = 0; n < count && leaves.length > 0; n++) {
    const kind = kinds[Math.floor(rnd() * kinds.length)]!;
    const leaf = leaves[Math.floor(rnd() * leaves.length)]!;
    const at = leaf.index!;
    const [whole, name, attrs, text] = leaf as unknown as [string, string, string, string];
    const put = (rep: string) => xml.slice(0, at) + rep + xml.slice(at + whole.length);
    if (kind === 'delete-leaf') out.push({ what: `${kind} ${name}@${at}`, xml: put('') });
    else if (kind === 'empty-leaf') out.push({ what: `${kind} ${name}@${at}`, xml: put(`<${name}${attrs}></${name}>`) });
    else if (kind === 'number') {
      const v = Number(text.trim());
      out.push({ what: `${kind} ${name}@${at}`, xml: put(`<${name}${attrs}>${Number.isFinite(v) && text.trim() !== '' ? (v + 1.01).toFixed(2) : '12.34'}</${name}>`) });
    } else if (kind === 'decimals') out.push({ what: `${kind} ${name}@${at}`, xml: put(`<${name}${attrs}>${text.trim()}.123</${name}>`) });
    else if (kind === 'code') out.push({ what: `${kind} ${name}@${at}`, xml: put(`<${name}${attrs}>ZZ</${name}>`) });
    else if (kind === 'drop-attributes') out.push({ what: `${kind} ${name}@${at}`, xml: put(`<${name}>${text}</${name}>`) });
    else if (kind === 'duplicate-leaf') out.push({ what: `${kind} ${name}@${at}`, xml: put(whole + whole) });
    else if (kind === 'delete-subtree' && starts.length > 1) {
      const st = starts[1 + Math.floor(rnd() * (starts.length - 1))]!;
      const nm = st[1]!;
      const from = st.index!;
      let depth = 0;
      const re = new RegExp(`<(/?)${nm.replace(/[.]/g, '\\.')}(?=[\\s>/])[^>]*?(/?)>`, 'g');
      re.lastIndex = from;
      let m: RegExpExecArray | null;
      let end = -1;
      while ((m = re.exec(xml))) {
        if (m[1]) depth--; else if (!m[2]) depth++;
        if (depth === 0) { end = m.index + m[0].length; break; }
      }
      if (end > 0) out.push({ what: `${kind} ${nm}@${from}`, xml: xml.slice(0, from) + xml.slice(end) });
    }
  }
  return out;
}
