import type { CoverageRow } from '../../src/pagero/companies';
import type { SyncRun } from '../../src/sync/runs';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { SyncCell } from '../sync/status';
import { formatDay } from '../../src/format/numbers';

const day = (d: Date | null) => formatDay(d);
const STATUS: Record<string, string> = { active: 'Active', needs_renewal: 'Needs renewal', disconnected: 'Disconnected' };

type Props = { rows: CoverageRow[]; runs: Map<number, SyncRun>; csrf: string; flash: string | null; errors?: FieldErrors; values?: Record<string, string>; now: Date };

export function CoveragePage({ rows, runs, csrf, flash, errors, values, now }: Props) {
  const uncovered = rows.filter((r) => !r.covered).length;
  return (
    <>
      <PageHeader title="E-invoicing">
        <form method="post" action="/settings/einvoicing/syncs">
          <CsrfField token={csrf} />
          <button type="submit" class="primary">Sync now (all companies)</button>
        </form>
        <a href="/settings/einvoicing/responses">Responses to suppliers</a>
      </PageHeader>
      <Flash message={flash} />
      <p class="muted">
        Every Pagero user with access to a company must connect (initials at the top right, then E-invoicing Login), unless one
        connected user can see all companies. A connection lasts three years from the user's Pagero sign-in.
      </p>
      {uncovered > 0 && (
        <p class="form-error" role="status">{`${uncovered} ${uncovered === 1 ? 'company has' : 'companies have'} no active connection: their invoices are not being fetched.`}</p>
      )}
      <div class="table-wrap" tabindex={0}>
        <table class="wrap">
          <thead>
            <tr><th scope="col">Company</th><th scope="col">Coverage</th><th scope="col">Connections (user, status, until)</th><th scope="col">Last sync</th></tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr><td colspan={4} class="muted">No Pagero companies yet. They appear when a user connects, or add one below.</td></tr>
            )}
            {rows.map((row) => (
              <tr class={row.covered ? undefined : 'uncovered'}>
                <td>
                  {row.name}{row.vatNumber && <small class="muted">{` · ${row.vatNumber}`}</small>}
                  <br /><small class="muted">Pagero id <code>{row.pageroCompanyId}</code></small>
                </td>
                <td>{row.covered ? `Covered until ${day(row.coveredUntil)}` : <strong class="error">Not covered</strong>}</td>
                <td>
                  {row.connections.length === 0 ? '—' : (
                    <ul role="list" class="plain">
                      {row.connections.map((c) => (
                        <li>
                          {`${c.userName} · ${c.status === 'active' && c.chainExpiresAt <= now ? 'Expired' : STATUS[c.status] ?? c.status} · until ${day(c.chainExpiresAt)}`}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <SyncCell companyId={row.id} run={runs.get(row.id)} />
                  <form method="post" action={`/settings/einvoicing/companies/${row.id}/syncs`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="link" disabled={!row.covered}>Sync now</button>
                  </form>{' '}
                  <a href={`/settings/einvoicing/companies/${row.id}/syncs`}>History</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/settings/einvoicing/companies" class="card" novalidate>
        <h2>Add a company by its Pagero company id</h2>
        <p class="muted">Needed only when Pagero does not list a user's companies: apdesk then checks these ids for each user who connects.</p>
        <CsrfField token={csrf} />
        <Field name="pageroCompanyId" label="Pagero company id" value={values?.pageroCompanyId} errors={errors} required />
        <Field name="name" label="Company name" value={values?.name} errors={errors} required />
        <Field name="vatNumber" label="VAT number (optional)" value={values?.vatNumber} errors={errors} />
        <button type="submit" class="primary">Add company</button>
      </form>
    </>
  );
}
