/* Cost centre owners (the spend owners that "owner of the line's cost centre" steps wait for). */
import type { Db, Sql } from '../db/connection';
import { audit } from './policies';

export type CentreOwner = { id: number; companyName: string; code: string; name: string; active: boolean; ownerId: number | null };

export const costCentreOwners = (db: Db) =>
  db<CentreOwner[]>`
    select cc.id::int, co.name as company_name, cc.code, cc.name, cc.active, cc.owner_id::int
    from cost_centres cc join pagero_companies co on co.id = cc.company_id order by co.name, cc.active desc, cc.code`;

export const ownerCandidates = (db: Db) =>
  db<{ id: number; name: string; email: string }[]>`select id::int, first_name || ' ' || last_name as name, email::text from users where active order by last_name, first_name`;

/** Fields "owner.<cost centre id>" = user id or "" (none). Only changed rows are written and audited. */
export function setOwners(sql: Sql, fields: Record<string, string | string[]>, actorId: number) {
  return sql.begin(async (tx): Promise<{ ok: true; changed: number } | { ok: false; message: string }> => {
    let changed = 0;
    for (const [key, raw] of Object.entries(fields)) {
      const m = /^owner\.(\d{1,15})$/.exec(key);
      if (!m) continue;
      const value = String(Array.isArray(raw) ? raw[0] : raw);
      const ownerId = value === '' ? null : /^\d{1,15}$/.test(value) ? Number(value) : NaN;
      if (Number.isNaN(ownerId)) return { ok: false, message: 'Choose owners from the lists.' };
      if (ownerId !== null) {
        const [u] = await tx<{ active: boolean; name: string }[]>`select active, first_name || ' ' || last_name as name from users where id = ${ownerId}`;
        if (!u || !u.active) return { ok: false, message: `${u?.name ?? 'That user'} is not an active user; choose an active owner.` };
      }
      const [row] = await tx<{ code: string; owner: string | null }[]>`
        update cost_centres cc set owner_id = ${ownerId}, updated_at = now()
        where cc.id = ${Number(m[1])} and cc.owner_id is distinct from ${ownerId}
        returning cc.code, (select first_name || ' ' || last_name from users where id = ${ownerId}) as owner`;
      if (row) {
        changed += 1;
        await audit(tx, actorId, 'owner_set', `Cost centre ${row.code}`, row.owner ? `Owner: ${row.owner}` : 'No owner');
      }
    }
    return { ok: true, changed };
  });
}

/** A company's cost centre id → owner name, for the master data list. */
export async function ownerNames(db: Db, companyId: number): Promise<Map<number, string>> {
  const rows = await db<{ id: number; name: string }[]>`
    select cc.id::int, u.first_name || ' ' || u.last_name as name from cost_centres cc join users u on u.id = cc.owner_id where cc.company_id = ${companyId}`;
  return new Map(rows.map((r) => [r.id, r.name]));
}
