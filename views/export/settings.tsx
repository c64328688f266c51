import { COLUMN_KEYS, DEFAULT_COLUMNS, EXPORT_COLUMNS } from '../../src/export/columns';
import type { CompanySettingsRow, ExportSettings } from '../../src/export/settings';
import { CsrfField, Flash, FormError, PageHeader, type FieldErrors } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

const scheduleText = (s: ExportSettings, fallback: string | undefined) =>
  s.schedule === 'off' ? 'Off' : s.schedule ? `${s.schedule} (UTC)` : fallback && fallback !== 'off' ? `${fallback} (UTC, EXPORT_SCHEDULE)` : 'Off (no EXPORT_SCHEDULE)';

export function ExportSettingsListPage({ companies, fallback, flash }: { companies: CompanySettingsRow[]; fallback: string | undefined; flash: string | null }) {
  return (
    <>
      <PageHeader title="Export settings"><a href="/export-batches">Export batches</a></PageHeader>
      <Flash message={flash} />
      <p class="muted">Per company: the CSV's columns, when invoices count as Exported, the schedule, and the ERP's SFTP drop folder.</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead><tr><th scope="col">Company</th><th scope="col">Delivery</th><th scope="col">Schedule</th><th scope="col">Exported when</th><th scope="col" class="amount">Batches</th></tr></thead>
          <tbody>
            {companies.length === 0 && <tr><td colspan={5}>No companies yet: they arrive with the E-invoicing Login.</td></tr>}
            {companies.map((c) => (
              <tr>
                <td><a href={`/settings/export/${c.id}`}>{c.name}</a></td>
                <td>{c.settings.delivery === 'sftp' ? `SFTP ${c.settings.sftpHost ?? ''}` : 'Download'}</td>
                <td>{scheduleText(c.settings, fallback)}</td>
                <td>{c.settings.confirmation === 'erp' ? 'The ERP confirms' : 'Delivered'}</td>
                <td class="amount">{c.batchCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export type ExportSettingsValues = Record<string, string>;

export function valuesOf(s: ExportSettings): ExportSettingsValues {
  return {
    columns: (s.columns ?? DEFAULT_COLUMNS).join(', '),
    confirmation: s.confirmation,
    schedule_mode: s.schedule === null ? 'default' : s.schedule === 'off' ? 'off' : 'custom',
    schedule: s.schedule && s.schedule !== 'off' ? s.schedule : '',
    delivery: s.delivery,
    sftp_host: s.sftpHost ?? '',
    sftp_port: String(s.sftpPort),
    sftp_username: s.sftpUsername ?? '',
    sftp_folder: s.sftpFolder,
  };
}

type FormProps = { company: { id: number; name: string }; settings: ExportSettings; values: ExportSettingsValues; errors: FieldErrors; fallback: string | undefined; csrf: string; flash: string | null };

function Text({ name, label, values, errors, hint, type = 'text', autocomplete = 'off' }: { name: string; label: string; values: ExportSettingsValues; errors: FieldErrors; hint?: string; type?: string; autocomplete?: string }) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : '', errors[name] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={errors[name] ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
      <input id={id} name={name} type={type} value={type === 'password' ? undefined : (values[name] ?? '')} autocomplete={autocomplete}
        aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={described} />
      {errors[name] && <p id={`${id}-error`} class="error" role="alert">{errors[name]}</p>}
    </div>
  );
}

function Choice({ name, legend, options, values, errors }: { name: string; legend: string; options: [string, string][]; values: ExportSettingsValues; errors: FieldErrors }) {
  return (
    <fieldset class={errors[name] ? 'field has-error' : 'field'}>
      <legend>{legend}</legend>
      {options.map(([value, label]) => (
        <label class="check"><input type="radio" name={name} value={value} checked={values[name] === value} />{label}</label>
      ))}
      {errors[name] && <p class="error" role="alert">{errors[name]}</p>}
    </fieldset>
  );
}

export function ExportSettingsPage({ company, settings, values, errors, fallback, csrf, flash }: FormProps) {
  return (
    <>
      <PageHeader title={`Export settings: ${company.name}`}><a href="/settings/export">All companies</a></PageHeader>
      <Flash message={flash} />
      <FormError message={errors.form} />
      <form method="post" action={`/settings/export/${company.id}`} class="card">
        <CsrfField token={csrf} />
        <h2>The CSV</h2>
        <div class={errors.columns ? 'field has-error' : 'field'}>
          <label for="f-columns">Columns, in order</label>
          <small id="f-columns-hint" class="hint">Names from the table below, separated by commas. One row per coded line part.</small>
          <textarea id="f-columns" name="columns" rows={3} spellcheck={false} aria-invalid={errors.columns ? 'true' : undefined}
            aria-describedby={errors.columns ? 'f-columns-hint f-columns-error' : 'f-columns-hint'}>{values.columns ?? ''}</textarea>
          {errors.columns && <p id="f-columns-error" class="error" role="alert">{errors.columns}</p>}
        </div>
        <details>
          <summary>The columns you can use</summary>
          <table class="columns-help">
            <thead><tr><th scope="col">Name</th><th scope="col">Holds</th></tr></thead>
            <tbody>{COLUMN_KEYS.map((k) => <tr><td><code>{k}</code></td><td>{EXPORT_COLUMNS[k].label}</td></tr>)}</tbody>
          </table>
        </details>
        <h2 style="margin-top: 1.25rem">When invoices count as Exported</h2>
        <Choice name="confirmation" legend="After a batch is delivered" values={values} errors={errors} options={[
          ['on_delivery', 'Its invoices become Exported'],
          ['erp', 'Its invoices stay Approved until the ERP confirms each one (export result through the API)'],
        ]} />
        <h2>Schedule</h2>
        <Choice name="schedule_mode" legend="Export every approved invoice not yet exported" values={values} errors={errors} options={[
          ['default', `As EXPORT_SCHEDULE says (${fallback && fallback !== 'off' ? `${fallback}, UTC` : 'not set: never'})`],
          ['off', 'Never: only when someone chooses Export'],
          ['custom', 'On this schedule'],
        ]} />
        <Text name="schedule" label="Schedule (cron, UTC)" values={values} errors={errors} hint='Five fields: minute hour day-of-month month day-of-week. "0 18 * * 1-5" is 18:00 UTC on weekdays.' />
        <h2>Delivery</h2>
        <Choice name="delivery" legend="A new batch" values={values} errors={errors} options={[
          ['download', 'Waits on its page to be downloaded'],
          ['sftp', 'Goes to the ERP’s SFTP drop folder'],
        ]} />
        <Text name="sftp_host" label="SFTP host" values={values} errors={errors} hint="A public host name or address." />
        <Text name="sftp_port" label="Port" values={values} errors={errors} />
        <Text name="sftp_username" label="User" values={values} errors={errors} />
        <Text name="sftp_password" label="Password" type="password" autocomplete="new-password" values={values} errors={errors}
          hint={settings.hasPassword ? 'A password is stored (never shown). Leave empty to keep it.' : 'No password stored.'} />
        {settings.hasPassword && <label class="check"><input type="checkbox" name="sftp_password_remove" value="on" />Remove the stored password</label>}
        <div class={errors.sftp_private_key ? 'field has-error' : 'field'}>
          <label for="f-sftp_private_key">Private key (OpenSSH or PEM)</label>
          <small id="f-sftp_private_key-hint" class="hint">{settings.hasPrivateKey ? 'A key is stored (never shown). Leave empty to keep it.' : 'No key stored. Used instead of the password when set.'}</small>
          <textarea id="f-sftp_private_key" name="sftp_private_key" rows={4} autocomplete="off" spellcheck={false} aria-describedby="f-sftp_private_key-hint"
            aria-invalid={errors.sftp_private_key ? 'true' : undefined}></textarea>
          {errors.sftp_private_key && <p class="error" role="alert">{errors.sftp_private_key}</p>}
        </div>
        {settings.hasPrivateKey && <label class="check"><input type="checkbox" name="sftp_private_key_remove" value="on" />Remove the stored key</label>}
        <Text name="sftp_folder" label="Folder" values={values} errors={errors} hint="The ERP’s drop folder on the server, such as /inbound/apdesk. It must exist." />
        <button type="submit" class="primary">Save</button>
      </form>
      <section class="card" aria-labelledby="hostkey-h">
        <h2 id="hostkey-h">Server host key</h2>
        {settings.sftpHostKey ? (
          <>
            <p>Pinned{settings.sftpHostKeyPinnedAt ? ` on ${formatDateTime(settings.sftpHostKeyPinnedAt)}` : ''}: <code class="fingerprint">{settings.sftpHostKey}</code></p>
            <p class="muted">Compare it with the ERP team’s <code>ssh-keygen -lf</code> of the server’s key. A server presenting another key is refused.</p>
            <form method="post" action={`/settings/export/${company.id}/host-key/deletion`} class="inline">
              <CsrfField token={csrf} />
              <button type="submit" class="danger">Forget the pinned key</button>
            </form>
          </>
        ) : <p class="muted">None pinned yet: the first connection (a test or a delivery) pins the key the server presents.</p>}
        {settings.sftpHost && (
          <form method="post" action={`/settings/export/${company.id}/connection-test`} class="inline">
            <CsrfField token={csrf} />
            <button type="submit">Test the connection</button>
          </form>
        )}
      </section>
    </>
  );
}
