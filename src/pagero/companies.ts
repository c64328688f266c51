/*
 * Pagero companies known to apdesk and which connections can see them. A company is covered
 * while at least one active connection whose three-year chain has not ended can see it.
 */
import type { Db } from '../db/connection';
import { queueMail } from '../mail/outbox';
import type { PageroCompany } from './api';

export type CompanyRow = { id: number; pageroCompanyId: string; name: string; vatNumber: string | null; source: 'listing' | 'manual' };

export async function upsertListedCompanies(db: Db, companies: PageroCompany[]): Promise<number[]> {
  const ids: number[] = [];
  for (const company of companies) {
    const [row] = await db<{ id: number }[]>`
      insert into pagero_companies (pagero_company_id, name, vat_number, source)
      values (${company.id}, ${company.name}, ${company.vatNumber}, 'listing')
      on conflict (pagero_company_id) do update set name = excluded.name, vat_number = coalesce(excluded.vat_number, pagero_companies.vat_number)
      returning id::int`;
    ids.push(row!.id);
  }
  return ids;
}

export const listCompanies = (db: Db) =>
  db<CompanyRow[]>`select id::int, pagero_company_id, name, vat_number, source from pagero_companies order by lower(name)`;

export const manualCompanies = (db: Db) =>
  db<CompanyRow[]>`select id::int, pagero_company_id, name, vat_number, source from pagero_companies where source = 'manual' order by lower(name)`;

export async function addManualCompany(db: Db, input: { pageroCompanyId: string; name: string; vatNumber: string | null }) {
  const [row] = await db<{ id: number }[]>`
    insert into pagero_companies (pagero_company_id, name, vat_number, source)
    values (${input.pageroCompanyId}, ${input.name}, ${input.vatNumber}, 'manual')
    returning id::int`;
  return row!.id;
}

export async function linkConnectionCompanies(db: Db, connectionId: number, companyIds: number[]) {
  await db`delete from pagero_connection_companies where connection_id = ${connectionId} and not (company_id = any(${companyIds}::bigint[]))`;
  if (companyIds.length) {
    await db`
      insert into pagero_connection_companies (connection_id, company_id)
      select ${connectionId}, unnest(${companyIds}::bigint[])
      on conflict (connection_id, company_id) do update set seen_at = now()`;
  }
}

export type CoverageConnection = { userId: number; userName: string; email: string; status: string; chainExpiresAt: Date; active: boolean };
export type CoverageRow = CompanyRow & { covered: boolean; coveredUntil: Date | null; connections: CoverageConnection[] };

export async function coverage(db: Db, now = new Date()): Promise<CoverageRow[]> {
  const rows = await db<(CompanyRow & { connections: CoverageConnection[] | null })[]>`
    select c.id::int, c.pagero_company_id, c.name, c.vat_number, c.source,
      json_agg(json_build_object(
        'userId', u.id, 'userName', u.first_name || ' ' || u.last_name, 'email', u.email,
        'status', pc.status, 'chainExpiresAt', pc.chain_expires_at,
        'active', pc.status = 'active' and pc.chain_expires_at > ${now} and u.active
      ) order by pc.chain_expires_at desc) filter (where pc.id is not null) as connections
    from pagero_companies c
    left join pagero_connection_companies cc on cc.company_id = c.id
    left join pagero_connections pc on pc.id = cc.connection_id
    left join users u on u.id = pc.user_id
    group by c.id
    order by lower(c.name)`;
  return rows.map((row) => {
    const connections = (row.connections ?? []).map((c) => ({ ...c, chainExpiresAt: new Date(c.chainExpiresAt) }));
    const active = connections.filter((c) => c.active);
    const coveredUntil = active.length ? new Date(Math.max(...active.map((c) => c.chainExpiresAt.getTime()))) : null;
    return { ...row, connections, covered: active.length > 0, coveredUntil };
  });
}

/**
 * Tells every active user admin, once, about each company that has newly lost its last active
 * connection; a company covered again is re-armed. Claiming the companies with an UPDATE makes
 * two runs at once send each warning once.
 */
export async function notifyUncoveredCompanies(db: Db, publicUrl: string, now = new Date()) {
  const uncoveredIds = (await coverage(db, now)).filter((c) => !c.covered).map((c) => c.id);
  await db`update pagero_companies set uncovered_notified_at = null where uncovered_notified_at is not null and not (id = any(${uncoveredIds}::bigint[]))`;
  const claimed = await db<{ id: number; name: string; uncoveredNotifiedAt: Date }[]>`
    update pagero_companies set uncovered_notified_at = now()
    where id = any(${uncoveredIds}::bigint[]) and uncovered_notified_at is null
    returning id::int, name, uncovered_notified_at`;
  if (!claimed.length) return 0;
  const admins = await db<{ email: string }[]>`select email from users where is_user_admin and active`;
  for (const company of claimed) {
    for (const admin of admins) {
      await queueMail(db, {
        kind: 'pagero_company_uncovered',
        dedupeKey: `uncovered:${company.id}:${company.uncoveredNotifiedAt.toISOString()}:${admin.email}`,
        to: admin.email,
        subject: `No Pagero connection covers ${company.name}`,
        body: [
          `apdesk has no active Pagero connection that can see ${company.name}, so its e-invoices are not being fetched.`,
          'A user with access to this company in Pagero should connect: initials at the top right, then E-invoicing Login.',
          '',
          `${publicUrl}/settings/einvoicing`,
        ].join('\n'),
      });
    }
  }
  return claimed.length;
}
