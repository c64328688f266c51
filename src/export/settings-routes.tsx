/* Settings → Export (AP Admins): a company's CSV columns, confirmation, schedule and SFTP drop folder; the pinned host key; a connection test. */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { ExportSettingsListPage, ExportSettingsPage, valuesOf, type ExportSettingsValues } from '../../views/export/settings';
import type { FieldErrors } from '../../views/components/form';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { readForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { idParam } from '../invoices/params';
import { checkTarget } from '../net/targets';
import { mayConfigureExport } from './access';
import { parseColumns } from './columns';
import { exportCipher } from './delivery';
import { scheduleProblem } from './schedule';
import { allExportSettings, companyExportSettings, forgetHostKey, pinHostKey, saveExportSettings, sftpCredentials, type SettingsInput } from './settings';
import { openSftp, SftpError } from './sftp';

const MAX_SECRET = 16_000;

const Form = v.object({
  columns: v.string(),
  confirmation: v.picklist(['on_delivery', 'erp'], 'Choose when invoices count as Exported.'),
  schedule_mode: v.picklist(['default', 'off', 'custom'], 'Choose a schedule.'),
  schedule: v.optional(v.string(), ''),
  delivery: v.picklist(['download', 'sftp'], 'Choose how batches are delivered.'),
  sftp_host: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(253, 'A host name has at most 253 characters.')), ''),
  sftp_port: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,5}$/, 'Enter a port number, such as 22.'), v.transform(Number), v.minValue(1, 'Ports run from 1 to 65535.'), v.maxValue(65535, 'Ports run from 1 to 65535.')),
  sftp_username: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, 'Keep the user name under 200 characters.'), v.regex(/^[^\x00-\x1f\x7f]*$/, 'The user name has control characters.')), ''),
  sftp_folder: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500, 'Keep the folder under 500 characters.'), v.regex(/^[^\x00-\x1f\x7f]*$/, 'The folder has control characters.')), ''),
  sftp_password: v.optional(v.pipe(v.string(), v.maxLength(MAX_SECRET, 'That password is too long.')), ''),
  sftp_private_key: v.optional(v.pipe(v.string(), v.maxLength(MAX_SECRET, 'That key is too long.')), ''),
  sftp_password_remove: v.optional(v.string()),
  sftp_private_key_remove: v.optional(v.string()),
});

export function exportSettingsRoutes(deps: Deps) {
  const { sql } = deps;
  const cipher = exportCipher(deps.config);
  const app = new Hono<AppEnv>();
  app.use('*', allow(mayConfigureExport));

  const company = async (c: Context<AppEnv>) => {
    const id = idParam(c, 'companyId');
    const [row]: [{ id: number; name: string }?] = await sql`select id::int, name from pagero_companies where id = ${id}`;
    if (!row) throw new HTTPException(404, { message: 'There is no such company.' });
    return row;
  };

  const render = async (c: Context<AppEnv>, co: { id: number; name: string }, values?: ExportSettingsValues, errors: FieldErrors = {}) => {
    const settings = await companyExportSettings(sql, co.id);
    return c.render(
      <ExportSettingsPage company={co} settings={settings} values={values ?? valuesOf(settings)} errors={errors} fallback={deps.config.EXPORT_SCHEDULE} csrf={c.get('csrfToken')} flash={c.get('flash')} />,
      { title: `Export settings: ${co.name}`, active: 'settings' },
    );
  };

  app.get('/', async (c) =>
    c.render(<ExportSettingsListPage companies={await allExportSettings(sql)} fallback={deps.config.EXPORT_SCHEDULE} flash={c.get('flash')} />, { title: 'Export settings', active: 'settings' }));

  app.get('/:companyId', async (c) => render(c, await company(c)));

  app.post('/:companyId', async (c) => {
    const co = await company(c);
    const { fields: form, invalid } = await readForm(c);
    const values = Object.fromEntries(Object.entries(form).filter(([k]) => !k.startsWith('sftp_password') && k !== 'sftp_private_key').map(([k, x]) => [k, String(x)]));
    const parsed = v.safeParse(Form, form);
    const errors: FieldErrors = { ...invalid };
    if (!parsed.success || Object.keys(invalid).length > 0) {
      for (const issue of parsed.success ? [] : parsed.issues) {
        const key = issue.path?.[0]?.key;
        if (typeof key === 'string') errors[key] ??= issue.message;
      }
      c.status(422);
      return render(c, co, values, errors);
    }
    const f = parsed.output;
    const current = await companyExportSettings(sql, co.id);
    const columns = parseColumns(f.columns);
    if (!columns.ok) errors.columns = columns.message;
    if (f.schedule_mode === 'custom' && scheduleProblem(f.schedule)) errors.schedule = scheduleProblem(f.schedule)!;
    const password = f.sftp_password_remove === 'on' ? null : f.sftp_password ? f.sftp_password : undefined;
    const privateKey = f.sftp_private_key_remove === 'on' ? null : f.sftp_private_key.trim() ? `${f.sftp_private_key.trim()}\n` : undefined;
    if (privateKey && !/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(privateKey)) errors.sftp_private_key = 'Paste the whole key, from -----BEGIN … PRIVATE KEY----- to its END line.';
    if (f.delivery === 'sftp' || f.sftp_host) {
      if (!f.sftp_host) errors.sftp_host = 'Enter the SFTP server’s host name.';
      if (!f.sftp_username) errors.sftp_username = 'Enter the SFTP user.';
      const hasSecret = (password === undefined ? current.hasPassword : !!password) || (privateKey === undefined ? current.hasPrivateKey : !!privateKey);
      if (f.delivery === 'sftp' && !hasSecret) errors.sftp_password = 'Enter the password or paste a private key.';
      if (f.sftp_host && !errors.sftp_host) {
        const target = await checkTarget(f.sftp_host, { allowPrivate: deps.config.ALLOW_PRIVATE_TARGETS });
        if (!target.ok) errors.sftp_host = target.message;
      }
    }
    if (Object.keys(errors).length > 0) {
      c.status(422);
      return render(c, co, values, errors);
    }
    const input: SettingsInput = {
      columns: columns.ok ? columns.columns : null,
      confirmation: f.confirmation,
      schedule: f.schedule_mode === 'default' ? null : f.schedule_mode === 'off' ? 'off' : f.schedule.trim().replace(/\s+/g, ' '),
      delivery: f.delivery,
      sftpHost: f.sftp_host || null,
      sftpPort: f.sftp_port,
      sftpUsername: f.sftp_username || null,
      sftpFolder: f.sftp_folder || '.',
      password,
      privateKey,
    };
    await saveExportSettings(sql, cipher, co.id, input, currentUser(c).id);
    deps.log.info({ by: currentUser(c).id, companyId: co.id, delivery: input.delivery, host: input.sftpHost }, 'export settings saved');
    setFlash(deps.jar(c), `Export settings of ${co.name} saved.`);
    return c.redirect(`/settings/export/${co.id}`, 303);
  });

  app.post('/:companyId/host-key/deletion', async (c) => {
    const co = await company(c);
    await forgetHostKey(sql, co.id);
    deps.log.info({ by: currentUser(c).id, companyId: co.id }, 'SFTP host key forgotten');
    setFlash(deps.jar(c), 'The pinned host key is forgotten: the next connection pins the key the server presents.');
    return c.redirect(`/settings/export/${co.id}`, 303);
  });

  app.post('/:companyId/connection-test', async (c) => {
    const co = await company(c);
    const creds = await sftpCredentials(sql, cipher, co.id);
    if (!creds) {
      setFlash(deps.jar(c), 'Save the host and user first.');
      return c.redirect(`/settings/export/${co.id}`, 303);
    }
    let pinned = false;
    try {
      const session = await openSftp(creds, {
        allowPrivate: deps.config.ALLOW_PRIVATE_TARGETS,
        timeoutMs: deps.config.SFTP_TIMEOUT_MS,
        onNewHostKey: async (fingerprint) => void (pinned = await pinHostKey(sql, co.id, creds.host, fingerprint)),
      });
      try {
        const folder = await session.client.exists(session.folder);
        setFlash(deps.jar(c), `Connected to ${creds.host}${pinned ? `; host key ${session.fingerprint} pinned` : ''}. ${folder === 'd' ? `The folder ${creds.folder} exists.` : `There is no folder ${creds.folder}: create it or correct it.`}`);
      } finally {
        await session.client.end().catch(() => {});
      }
    } catch (error) {
      setFlash(deps.jar(c), error instanceof SftpError ? error.message : 'The connection failed.');
    }
    return c.redirect(`/settings/export/${co.id}`, 303);
  });

  return app;
}
