/*
 * A company's export settings (no row: the defaults). The SFTP password and private key go
 * in sealed with the Pagero tokens' cipher and come out only to connect; pages learn
 * whether one is stored, never what it is.
 */
import type { Db } from '../db/connection';
import type { TokenCipher } from '../pagero/token-crypto';
import { isColumnKey, type ColumnKey } from './columns';

export type Confirmation = 'on_delivery' | 'erp';
export type Delivery = 'download' | 'sftp';

export type ExportSettings = {
  companyId: number;
  columns: ColumnKey[] | null;
  confirmation: Confirmation;
  /** null: EXPORT_SCHEDULE; 'off'; or a cron pattern (UTC). */
  schedule: string | null;
  delivery: Delivery;
  sftpHost: string | null;
  sftpPort: number;
  sftpUsername: string | null;
  sftpFolder: string;
  hasPassword: boolean;
  hasPrivateKey: boolean;
  sftpHostKey: string | null;
  sftpHostKeyPinnedAt: Date | null;
  updatedAt: Date | null;
};

const DEFAULTS = {
  columns: null, confirmation: 'on_delivery', schedule: null, delivery: 'download', sftpHost: null, sftpPort: 22, sftpUsername: null,
  sftpFolder: '.', hasPassword: false, hasPrivateKey: false, sftpHostKey: null, sftpHostKeyPinnedAt: null, updatedAt: null,
} as const;

const SELECT = (db: Db) => db`
  company_id::int, columns, confirmation, schedule, delivery, sftp_host, sftp_port, sftp_username, sftp_folder,
  sftp_password is not null as has_password, sftp_private_key is not null as has_private_key, sftp_host_key, sftp_host_key_pinned_at, updated_at`;

const clean = (row: ExportSettings): ExportSettings => ({ ...row, columns: row.columns?.filter(isColumnKey) ?? null });

export async function companyExportSettings(db: Db, companyId: number): Promise<ExportSettings> {
  const [row]: [ExportSettings?] = await db`select ${SELECT(db)} from export_settings where company_id = ${companyId}`;
  return row ? clean(row) : { companyId, ...DEFAULTS };
}

export type CompanySettingsRow = { id: number; name: string; settings: ExportSettings; batchCount: number };

/** Every company with its settings (the Settings → Export list). */
export async function allExportSettings(db: Db): Promise<CompanySettingsRow[]> {
  const companies = await db<{ id: number; name: string; batchCount: number }[]>`
    select c.id::int, c.name, (select count(*)::int from export_batches b where b.company_id = c.id) as batch_count
    from pagero_companies c order by c.name, c.id`;
  const rows = await db<ExportSettings[]>`select ${SELECT(db)} from export_settings`;
  const byId = new Map(rows.map((r) => [r.companyId, clean(r)]));
  return companies.map((c) => ({ ...c, settings: byId.get(c.id) ?? { companyId: c.id, ...DEFAULTS } }));
}

export type SettingsInput = {
  columns: ColumnKey[] | null;
  confirmation: Confirmation;
  schedule: string | null;
  delivery: Delivery;
  sftpHost: string | null;
  sftpPort: number;
  sftpUsername: string | null;
  sftpFolder: string;
  /** undefined: keep what is stored; null: remove it; a string: store it (sealed). */
  password?: string | null;
  privateKey?: string | null;
};

export async function saveExportSettings(db: Db, cipher: TokenCipher, companyId: number, input: SettingsInput, userId: number): Promise<boolean> {
  const [company] = await db`select 1 from pagero_companies where id = ${companyId}`;
  if (!company) return false;
  const seal = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : cipher.encrypt(s));
  const password = seal(input.password), privateKey = seal(input.privateKey);
  // A different host forgets the pinned key: it belonged to the old server.
  await db`
    insert into export_settings (company_id, columns, confirmation, schedule, delivery, sftp_host, sftp_port, sftp_username, sftp_folder,
      sftp_password, sftp_private_key, updated_by, updated_at)
    values (${companyId}, ${input.columns}, ${input.confirmation}, ${input.schedule}, ${input.delivery}, ${input.sftpHost}, ${input.sftpPort},
      ${input.sftpUsername}, ${input.sftpFolder}, ${password ?? null}, ${privateKey ?? null}, ${userId}, now())
    on conflict (company_id) do update set
      columns = excluded.columns, confirmation = excluded.confirmation, schedule = excluded.schedule, delivery = excluded.delivery,
      sftp_host_key = case when export_settings.sftp_host is distinct from excluded.sftp_host or export_settings.sftp_port <> excluded.sftp_port
                           then null else export_settings.sftp_host_key end,
      sftp_host_key_pinned_at = case when export_settings.sftp_host is distinct from excluded.sftp_host or export_settings.sftp_port <> excluded.sftp_port
                           then null else export_settings.sftp_host_key_pinned_at end,
      sftp_host = excluded.sftp_host, sftp_port = excluded.sftp_port, sftp_username = excluded.sftp_username, sftp_folder = excluded.sftp_folder,
      sftp_password = ${password === undefined ? db`export_settings.sftp_password` : db`excluded.sftp_password`},
      sftp_private_key = ${privateKey === undefined ? db`export_settings.sftp_private_key` : db`excluded.sftp_private_key`},
      updated_by = excluded.updated_by, updated_at = now()`;
  return true;
}

export type SftpCredentials = { host: string; port: number; username: string; folder: string; password: string | null; privateKey: string | null; hostKey: string | null };

/** What a connection needs, secrets unsealed; null when the company has no SFTP target. */
export async function sftpCredentials(db: Db, cipher: TokenCipher, companyId: number): Promise<SftpCredentials | null> {
  const [row]: [{ sftpHost: string | null; sftpPort: number; sftpUsername: string | null; sftpFolder: string; sftpPassword: Buffer | null; sftpPrivateKey: Buffer | null; sftpHostKey: string | null }?] = await db`
    select sftp_host, sftp_port, sftp_username, sftp_folder, sftp_password, sftp_private_key, sftp_host_key from export_settings where company_id = ${companyId}`;
  if (!row?.sftpHost || !row.sftpUsername) return null;
  return {
    host: row.sftpHost, port: row.sftpPort, username: row.sftpUsername, folder: row.sftpFolder, hostKey: row.sftpHostKey,
    password: row.sftpPassword ? cipher.decrypt(row.sftpPassword) : null,
    privateKey: row.sftpPrivateKey ? cipher.decrypt(row.sftpPrivateKey) : null,
  };
}

/** Pins the key seen on the first connection; true when this call pinned it (none was pinned for this host). */
export async function pinHostKey(db: Db, companyId: number, host: string, fingerprint: string): Promise<boolean> {
  const pinned = await db`
    update export_settings set sftp_host_key = ${fingerprint}, sftp_host_key_pinned_at = now()
    where company_id = ${companyId} and sftp_host = ${host} and sftp_host_key is null`;
  return pinned.count === 1;
}

export async function forgetHostKey(db: Db, companyId: number): Promise<boolean> {
  const done = await db`update export_settings set sftp_host_key = null, sftp_host_key_pinned_at = null where company_id = ${companyId}`;
  return done.count === 1;
}
