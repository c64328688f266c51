/**
 * A build-time rewrite of the CEN stylesheets that gives the same findings in a fraction of the time (see
 * BENCHMARKS.md, "EN 16931 validation"). The CEN rules test the whole invoice from its root again and again:
 * `exists(//cac:TaxCategory[…])`, `sum(//cac:InvoiceLine/…)`, 472 such `//` paths in the UBL file. In SaxonJS each
 * one walks every node of the document, and those walks were ~90 % of the 130 ms a 20-line UBL invoice took.
 *
 * The rewrite turns the head of such a path, `//cac:TaxCategory`, into `key('apdesk-by-name', 'Q{urn:…}TaxCategory')`,
 * with one `xsl:key` that indexes every element by its expanded name: the index is built once per document and a
 * lookup returns the same elements, in document order, without duplicates. It is exact when
 *   - the `//` starts a path (at the start of the expression, after `(`, `,`, `[`, an operator or a keyword), never
 *     `a//b`;
 *   - the step is one element name or a parenthesised union of names (`//(cac:InvoiceLine|cac:CreditNoteLine)`);
 *   - its predicates cannot be positional: on an axis step `[1]` counts per parent, on the key's result it would count
 *     in the whole document. A predicate is taken only when it is plainly boolean (a comparison, `and`/`or`, `not(…)`,
 *     `exists(…)`…) or a path of names, and never when it mentions position() or last().
 * Anything else is left as it is. `key()` and `//` fail alike when the context is not in a document. Only the tests
 * of the rules (`xsl:when`, `xsl:if`) are rewritten; match patterns, locations and messages are untouched.
 */

export const KEY_NAME = 'apdesk-by-name';
export const ATTRIBUTE_KEY_NAME = 'apdesk-attributes-by-name';
const KEY_DECLARATIONS =
  `<xsl:key name="${KEY_NAME}" match="*" use="concat('Q{', namespace-uri(), '}', local-name())"/>\n` +
  `<xsl:key name="${ATTRIBUTE_KEY_NAME}" match="@*" use="concat('Q{', namespace-uri(), '}', local-name())"/>`;

const KEYWORDS_BEFORE_PATH = new Set(['and', 'or', 'return', 'satisfies', 'then', 'else', 'in', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'div', 'mod', 'idiv', 'to', 'union', 'intersect', 'except']);
const NAME = /^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*/;
const NAME_PATH = /^@?[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?(\/@?[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?)*$/;
const BOOLEAN_CALL = /^(not|exists|empty|boolean|contains|starts-with|ends-with|matches|true|false)\(/;

export type SpeedUpReport = { rewritten: number; leftAsIs: number };

export function speedUpStylesheet(text: string): { text: string } & SpeedUpReport {
  const root = /<xsl:stylesheet\b[^>]*>/.exec(text);
  if (!root) throw new Error('speed-up: no xsl:stylesheet element');
  const namespaces = new Map<string, string>();
  for (const m of root[0].matchAll(/xmlns:([\w.-]+)="([^"]*)"/g)) namespaces.set(m[1]!, m[2]!);
  if (text.includes(KEY_NAME)) throw new Error('speed-up: the stylesheet already declares the key');
  const report: SpeedUpReport = { rewritten: 0, leftAsIs: 0 };
  const body = text.replace(/(<xsl:(?:when|if) test=")([^"]*)(")/g, (_all, open: string, test: string, close: string) => {
    const rewritten = rewriteExpression(unescapeXml(test), namespaces, report);
    return open + escapeXml(rewritten) + close;
  });
  const at = root.index + root[0].length;
  return { text: body.slice(0, at) + '\n' + KEY_DECLARATIONS + body.slice(at), ...report };
}

/** Rewrites the `//name` heads of one XPath expression (exported for the tests). */
export function rewriteExpression(expr: string, namespaces: Map<string, string>, report: SpeedUpReport = { rewritten: 0, leftAsIs: 0 }): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'") {
      const end = expr.indexOf(c, i + 1);
      const stop = end < 0 ? expr.length : end + 1;
      out += expr.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && expr[i + 1] === '/') {
      const head = startsPath(expr, i) ? parseHead(expr, i + 2, namespaces) : null;
      if (head && predicatesAreSafe(expr, head.end)) {
        out += `key('${head.attribute ? ATTRIBUTE_KEY_NAME : KEY_NAME}', ${head.names.length === 1 ? `'${head.names[0]}'` : `(${head.names.map((n) => `'${n}'`).join(', ')})`})`;
        report.rewritten++;
        i = head.end;
        continue;
      }
      report.leftAsIs++;
      out += '//';
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function startsPath(expr: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(expr[j]!)) j--;
  if (j < 0) return true;
  const p = expr[j]!;
  if ('([,=<>!|+'.includes(p)) return true;
  if (/[\w-]/.test(p)) {
    let k = j;
    while (k >= 0 && /[\w-]/.test(expr[k]!)) k--;
    // A keyword only when a space separates it from the `//` (`and //x`), never a name step (`a//b`).
    return j < at - 1 && KEYWORDS_BEFORE_PATH.has(expr.slice(k + 1, j + 1));
  }
  return false;
}

function expandedName(qname: string, namespaces: Map<string, string>): string | null {
  const [prefix, local] = qname.split(':') as [string, string];
  const uri = namespaces.get(prefix);
  return uri === undefined ? null : `Q{${uri}}${local}`;
}

/** `//name`, `//(name | name …)` or `//@name`: the expanded names and where the step ends; null for anything else. */
function parseHead(expr: string, at: number, namespaces: Map<string, string>): { names: string[]; end: number; attribute?: true } | null {
  const attribute = /^@([A-Za-z_][\w.-]*)(?![\w.:(-])/.exec(expr.slice(at));
  if (attribute) return { names: [`Q{}${attribute[1]}`], end: at + attribute[0].length, attribute: true };
  const single = NAME.exec(expr.slice(at));
  if (single) {
    const end = at + single[0].length;
    if (/^\s*(\(|::)/.test(expr.slice(end))) return null; // a function call or an axis, not a name test
    const name = expandedName(single[0], namespaces);
    return name ? { names: [name], end } : null;
  }
  const union = /^\(\s*([A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*(?:\s*\|\s*[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)*)\s*\)/.exec(expr.slice(at));
  if (!union) return null;
  const names = union[1]!.split('|').map((n) => expandedName(n.trim(), namespaces));
  if (names.some((n) => n === null)) return null;
  return { names: names as string[], end: at + union[0].length };
}

function predicatesAreSafe(expr: string, at: number): boolean {
  let i = at;
  while (expr[i] === '[') {
    const end = matchingBracket(expr, i);
    if (end < 0) return false;
    if (!isPlainlyBoolean(expr.slice(i + 1, end).trim())) return false;
    i = end + 1;
  }
  return true;
}

function matchingBracket(expr: string, at: number): number {
  let depth = 0;
  for (let i = at; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === '"' || c === "'") {
      const end = expr.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0) return c === ']' ? i : -1;
    }
  }
  return -1;
}

/** True only for a predicate that can never be a number (a number would select by position). */
function isPlainlyBoolean(p: string): boolean {
  if (/\b(position|last)\s*\(/.test(p) || p.includes(':=') || p.includes('=>') || /^(for|let|if)\b/.test(p)) return false;
  if (NAME_PATH.test(p)) return true;
  const top = topLevel(p);
  if (/(!=|<=|>=|=|<|>)/.test(top) || /\s(and|or|eq|ne|lt|le|gt|ge)\s/.test(` ${top} `)) return true;
  const call = BOOLEAN_CALL.exec(p);
  return call !== null && matchingParen(p, call[0].length - 1) === p.length - 1;
}

/** The expression with everything inside brackets, parentheses and strings blanked out. */
function topLevel(p: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '"' || c === "'") {
      const end = p.indexOf(c, i + 1);
      i = end < 0 ? p.length : end;
      out += ' ';
      continue;
    }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    out += depth === 0 && c !== ')' && c !== ']' ? c : ' ';
  }
  return out;
}

function matchingParen(p: string, at: number): number {
  let depth = 0;
  for (let i = at; i < p.length; i++) {
    const c = p[i]!;
    if (c === '"' || c === "'") {
      const end = p.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_m, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name]!;
  });
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
