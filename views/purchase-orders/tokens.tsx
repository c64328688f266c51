import { SCOPE_LABELS, SCOPES, type ApiTokenRow, type Scope } from '../../src/purchase-orders/api-tokens';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

type Props = { csrf: string; tokens: ApiTokenRow[]; flash: string | null; created?: { name: string; token: string }; errors?: FieldErrors; name?: string; scopes?: Scope[] };

export function ApiTokensPage({ csrf, tokens, flash, created, errors, name, scopes }: Props) {
  return (
    <>
      <PageHeader title="API tokens" />
      <Flash message={flash} />
      <p class="muted">Other systems call the <a href="/api/docs">apdesk API</a> (<code>/api/v1</code>, described in <a href="/api/v1/openapi.json">openapi.json</a>) with <code>Authorization: Bearer &lt;token&gt;</code>: ERPs read approved invoices and report export results; procurement sends purchase orders and goods receipts. A token acts for the whole organisation (every company), only within its scopes.</p>
      {created && (
        <section class="card" role="status">
          <p>{`Token “${created.name}” was created. Copy it now: apdesk keeps only a hash and cannot show it again.`}</p>
          <p><code class="secret">{created.token}</code></p>
        </section>
      )}
      <form method="post" action="/settings/api-tokens" class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="name" label="Name (which system uses it)" value={name} errors={errors} required />
        <fieldset class={errors?.scopes ? 'field has-error' : 'field'} aria-describedby={errors?.scopes ? 'scopes-error' : undefined}>
          <legend>What it may do</legend>
          {SCOPES.map((s) => (
            <label class="check"><input type="checkbox" name="scopes" value={s} checked={scopes?.includes(s)} /> <code>{s}</code> — {SCOPE_LABELS[s]}</label>
          ))}
          {errors?.scopes && <p id="scopes-error" class="error" role="alert">{errors.scopes}</p>}
        </fieldset>
        <button type="submit" class="primary">Create token</button>
      </form>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Last used</th><th scope="col"></th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr class={t.revokedAt ? 'inactive' : undefined}>
                <td>{t.name}</td><td>{t.scopes.map((s) => <code class="scope">{s}</code>)}</td><td>{formatDateTime(t.createdAt)}</td><td>{t.createdByName ?? '—'}</td><td>{formatDateTime(t.lastUsedAt)}</td>
                <td>{t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt)}` : (
                  <form method="post" action={`/settings/api-tokens/${t.id}/revocation`} class="inline"><CsrfField token={csrf} /><button type="submit" class="link">Revoke</button></form>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
