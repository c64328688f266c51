/* Which decisions answer the supplier, per company (Settings → E-invoicing → Responses). */
import type { Db } from '../db/connection';
import type { ResponseCode } from './codes';

export const TRIGGERS = [
  { key: 'acknowledged', code: 'AB', label: 'Received and imported', fallback: false },
  { key: 'in_process', code: 'IP', label: 'In review', fallback: false },
  { key: 'under_query', code: 'UQ', label: 'On hold (with its reason)', fallback: true },
  { key: 'rejected', code: 'RE', label: 'Rejected (always with its reason)', fallback: true },
  { key: 'accepted', code: 'AP', label: 'Approved', fallback: true },
  { key: 'paid', code: 'PD', label: 'Payment confirmed by the ERP', fallback: true },
] as const satisfies readonly { key: string; code: ResponseCode; label: string; fallback: boolean }[];

export type TriggerKey = (typeof TRIGGERS)[number]['key'];
export type ResponseSettings = Record<TriggerKey, boolean>;

export const DEFAULT_SETTINGS = Object.fromEntries(TRIGGERS.map((t) => [t.key, t.fallback])) as ResponseSettings;

export const triggerOf = (code: ResponseCode) => TRIGGERS.find((t) => t.code === code);

/** Whether this company answers this decision (the defaults when nobody has saved settings). */
export async function isEnabled(db: Db, companyId: number, code: ResponseCode): Promise<boolean> {
  const trigger = triggerOf(code);
  if (!trigger) return false;
  const [row] = await db<{ enabled: boolean }[]>`select ${db(trigger.key)} as enabled from response_settings where company_id = ${companyId}`;
  return row ? row.enabled : trigger.fallback;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export type CompanySettings = { companyId: number; name: string; settings: ResponseSettings; updatedAt: Date | null; updatedBy: string | null };

export async function allCompanySettings(db: Db): Promise<CompanySettings[]> {
  const rows = await db<Record<string, unknown>[]>`
    select c.id::int as company_id, c.name, s.acknowledged, s.in_process, s.under_query, s.rejected, s.accepted, s.paid, s.updated_at,
           u.first_name || ' ' || u.last_name as updated_by
    from pagero_companies c
    left join response_settings s on s.company_id = c.id
    left join users u on u.id = s.updated_by
    order by c.name, c.id`;
  return rows.map((r) => ({
    companyId: r.companyId as number,
    name: r.name as string,
    updatedAt: (r.updatedAt as Date | null) ?? null,
    updatedBy: (r.updatedBy as string | null) ?? null,
    settings: Object.fromEntries(TRIGGERS.map((t) => [t.key, r.updatedAt ? Boolean(r[camel(t.key)]) : t.fallback])) as ResponseSettings,
  }));
}

export async function saveCompanySettings(db: Db, companyId: number, settings: ResponseSettings, userId: number): Promise<boolean> {
  const rows = await db`
    insert into response_settings (company_id, acknowledged, in_process, under_query, rejected, accepted, paid, updated_by, updated_at)
    select id, ${settings.acknowledged}, ${settings.in_process}, ${settings.under_query}, ${settings.rejected}, ${settings.accepted}, ${settings.paid}, ${userId}, now()
    from pagero_companies where id = ${companyId}
    on conflict (company_id) do update set
      acknowledged = excluded.acknowledged, in_process = excluded.in_process, under_query = excluded.under_query,
      rejected = excluded.rejected, accepted = excluded.accepted, paid = excluded.paid,
      updated_by = excluded.updated_by, updated_at = now()
    returning company_id`;
  return rows.length > 0;
}
