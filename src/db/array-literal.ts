/*
 * PostgreSQL array literals ('{"a","b",NULL}') built in one pass, for the unnest() inserts of
 * the import. Handed to postgres.js as a string with a `::text[]` (or numeric[], bigint[]...)
 * cast, they go to PostgreSQL as they are. postgres.js would build the same literal from a JS
 * array, but runs two regular-expression replaces over every element and looks up a
 * serializer for each: 1,000 lines x 14 columns per imported chunk made that a tenth of the
 * store's CPU (BENCHMARKS.md, "Invoice sync").
 */

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

/** Every element quoted (escaping `"` and `\`), except null (NULL) and integers. */
export function arrayLiteral(values: readonly (string | number | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number' && Number.isInteger(v)) out += v;
    else {
      const s = String(v);
      out += '"' + (NEEDS_ESCAPE.test(s) ? s.replace(ESCAPED, '\\$&') : s) + '"';
    }
  }
  return out + '}';
}
