/* The three kinds of master data; they share one shape, so one set of queries serves them all. */
export const KINDS = {
  'gl-accounts': { table: 'gl_accounts', one: 'GL account', many: 'GL accounts' },
  'cost-centres': { table: 'cost_centres', one: 'cost centre', many: 'Cost centres' },
  'tax-codes': { table: 'tax_codes', one: 'tax code', many: 'Tax codes' },
} as const;

export type KindSlug = keyof typeof KINDS;
export type Kind = (typeof KINDS)[KindSlug];

export const KIND_SLUGS = Object.keys(KINDS) as KindSlug[];
export const isKindSlug = (s: string): s is KindSlug => Object.hasOwn(KINDS, s);
