/*
 * A company named in an imported file, as an admin knows it: its Pagero company id, its VAT
 * number (compared without spaces, dots or dashes, as the API does) or its name (trimmed,
 * spaces collapsed, case-insensitive). A value that fits two companies is not guessed.
 */
import type { Db } from '../db/connection';
import { normalizeVatId } from '../coding/suppliers';

export type CompanyKey = { id: number; name: string; vatNumber: string | null; pageroCompanyId: string };
export type Resolved = { ok: true; company: CompanyKey } | { ok: false; error: string };

export const listCompanyKeys = (db: Db) =>
  db<CompanyKey[]>`select id::int, name, vat_number, pagero_company_id from pagero_companies order by lower(name), id`;

const nameKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function companyResolver(companies: CompanyKey[]): (value: string) => Resolved {
  return (value) => {
    const typed = value.trim();
    if (!typed) return { ok: false, error: 'The company is empty.' };
    const byPageroId = companies.filter((c) => c.pageroCompanyId.toLowerCase() === typed.toLowerCase());
    const vat = normalizeVatId(typed);
    const byVat = companies.filter((c) => c.vatNumber && vat && normalizeVatId(c.vatNumber) === vat);
    const byName = companies.filter((c) => nameKey(c.name) === nameKey(typed));
    for (const found of [byPageroId, byVat, byName]) {
      if (found.length === 1) return { ok: true, company: found[0]! };
      if (found.length > 1) return { ok: false, error: `“${typed}” fits ${found.length} companies (${found.map((c) => c.name).join(', ')}); use the Pagero company id.` };
    }
    return { ok: false, error: `There is no company “${typed}” in apdesk (give its name, VAT number or Pagero company id).` };
  };
}
