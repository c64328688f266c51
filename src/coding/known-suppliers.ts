/*
 * The suppliers an admin can pick for a coding rule (issue 18: a rule typed "Acme Supplies"
 * never matched "Acme Supplies S.r.l."): every supplier on the invoices the user may see, one per
 * VAT id (or per name when an invoice has no VAT id), with its most frequent name and how many
 * invoices it sent. Coding rules compare the same way (src/coding/suppliers.ts), so a supplier
 * listed here is one a rule keyed by its VAT id or name will match. apdesk keeps no supplier
 * master data of its own: the invoices are where suppliers are known.
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';
import { normalizeVatId, supplierMatchesSql } from './suppliers';

export type KnownSupplier = { vatId: string | null; name: string | null; invoices: number };

const VAT_KEY = `nullif(upper(regexp_replace(coalesce(i.seller_vat_id, ''), '[\\s.\\-]', '', 'g')), '')`;
const NAME_KEY = `nullif(lower(regexp_replace(btrim(coalesce(i.seller_name, '')), '\\s+', ' ', 'g')), '')`;

/** The suppliers, most invoices first; `search` narrows to names containing it or VAT ids starting with it. */
export async function knownSuppliers(db: Db, user: CurrentUser, opts: { search?: string; limit?: number } = {}): Promise<KnownSupplier[]> {
  const search = opts.search?.trim().toLowerCase() ?? '';
  const vatSearch = normalizeVatId(search);
  return db<KnownSupplier[]>`
    select vat_key as vat_id, name, invoices::int from (
      select ${db.unsafe(VAT_KEY)} as vat_key, case when ${db.unsafe(VAT_KEY)} is null then ${db.unsafe(NAME_KEY)} end as name_key,
             mode() within group (order by i.seller_name) as name, count(*) as invoices
      from invoices i
      where (i.seller_vat_id is not null or i.seller_name is not null) and ${visibleInvoices(db, user)}
        and (${search} = '' or strpos(lower(coalesce(i.seller_name, '')), ${search}) > 0
             or (${vatSearch} <> '' and strpos(${db.unsafe(VAT_KEY)}, ${vatSearch}) > 0))
      group by 1, 2
    ) k
    where vat_key is not null or name_key is not null
    order by invoices desc, lower(name), vat_key
    limit ${opts.limit ?? 300}`;
}

/** The known suppliers a rule's supplier value matches (by VAT id or by name, as rules match). */
export async function suppliersMatching(db: Db, user: CurrentUser, supplier: string): Promise<KnownSupplier[]> {
  if (!supplier.trim()) return [];
  return db<KnownSupplier[]>`
    select ${db.unsafe(VAT_KEY)} as vat_id, mode() within group (order by i.seller_name) as name, count(*)::int as invoices
    from invoices i
    where ${supplierMatchesSql(db, supplier)} and ${visibleInvoices(db, user)}
    group by 1 order by 3 desc limit 20`;
}

/**
 * Suppliers whose name is close to what was typed (trigram similarity, pg_trgm as in matching,
 * or containing it), for "did you mean …" beside a supplier that matches nobody.
 */
export async function similarSuppliers(db: Db, user: CurrentUser, supplier: string, limit = 5): Promise<KnownSupplier[]> {
  const typed = supplier.trim().toLowerCase();
  if (!typed) return [];
  return db<KnownSupplier[]>`
    with names as (
      select ${db.unsafe(VAT_KEY)} as vat_id, mode() within group (order by i.seller_name) as name, count(*)::int as invoices
      from invoices i where i.seller_name is not null and ${visibleInvoices(db, user)}
      group by ${db.unsafe(VAT_KEY)}, case when ${db.unsafe(VAT_KEY)} is null then ${db.unsafe(NAME_KEY)} end
    )
    select vat_id, name, invoices from names
    where similarity(lower(name), ${typed}) >= 0.3 or strpos(lower(name), ${typed}) > 0 or strpos(${typed}, lower(name)) > 0
    order by similarity(lower(name), ${typed}) desc, invoices desc limit ${limit}`;
}

/**
 * For each rule, the supplier's name as the invoices the user may see give it (a rule keyed by VAT id
 * reads "IT0987… Carta Ufficio S.r.l." in the list), or null when no such invoice exists: a rule that
 * has never had anything to code.
 */
export async function ruleSupplierNames(db: Db, user: CurrentUser, rules: { id: number; supplier: string }[]): Promise<Map<number, string | null>> {
  if (rules.length === 0) return new Map();
  const rows = await db<{ id: number; seen: boolean; name: string | null }[]>`
    with r as (
      select u.id, nullif(upper(regexp_replace(u.supplier, '[\\s.\\-]', '', 'g')), '') as vat_key,
             nullif(lower(regexp_replace(btrim(u.supplier), '\\s+', ' ', 'g')), '') as name_key
      from unnest(${rules.map((r) => r.id)}::bigint[], ${rules.map((r) => r.supplier)}::text[]) as u(id, supplier)
    ), k as materialized (
      select ${db.unsafe(VAT_KEY)} as vat_key, ${db.unsafe(NAME_KEY)} as name_key, mode() within group (order by i.seller_name) as name, count(*) as n
      from invoices i where ${visibleInvoices(db, user)} group by 1, 2
    )
    select r.id::int, v.name is not null or n.name is not null or exists (select 1 from k where k.vat_key = r.vat_key) as seen, coalesce(v.name, n.name) as name
    from r
    left join lateral (select k.name from k where k.vat_key = r.vat_key and k.name is not null order by k.n desc, k.name limit 1) v on true
    left join lateral (select k.name from k where k.name_key = r.name_key order by k.n desc, k.name limit 1) n on true`;
  return new Map(rows.map((r) => [r.id, r.seen ? r.name ?? '' : null]));
}
