/*
 * A supplier is named by VAT id or by name, wherever apdesk keys something by supplier
 * (coding rules, matching settings). VAT ids compare without spaces, dots or dashes and
 * case-insensitively; names compare trimmed and case-insensitively.
 */
import type { Db } from '../db/connection';

export const normalizeVatId = (s: string) => s.replace(/[\s.\-]/g, '').toUpperCase();
const normalizeName = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export type Seller = { sellerVatId: string | null; sellerName: string | null };

export function supplierMatches(supplier: string, seller: Seller): boolean {
  if (seller.sellerVatId && normalizeVatId(supplier) === normalizeVatId(seller.sellerVatId)) return true;
  return Boolean(seller.sellerName) && normalizeName(supplier) === normalizeName(seller.sellerName!);
}

/** The same test in SQL, for a supplier value against the invoice aliased `i`. */
export function supplierMatchesSql(db: Db, supplier: string) {
  return db`(
    upper(regexp_replace(${supplier}::text, '[\\s.\\-]', '', 'g')) = upper(regexp_replace(coalesce(i.seller_vat_id, ''), '[\\s.\\-]', '', 'g'))
    or lower(regexp_replace(btrim(${supplier}::text), '\\s+', ' ', 'g')) = lower(regexp_replace(btrim(coalesce(i.seller_name, '')), '\\s+', ' ', 'g')))`;
}
