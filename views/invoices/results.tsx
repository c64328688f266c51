import { mayExport } from '../../src/export/access';
import { actionsOf } from '../../src/invoices/transitions';
import { filterQuery, isFiltered } from '../../src/invoices/filters';
import { listPath } from '../../src/invoices/params';
import { STATUS_LABELS } from '../../src/invoices/statuses';
import { CsrfField } from '../components/form';
import { BulkControls, BulkResult } from './bulk';
import type { ListPageProps } from './list';
import { InvoiceTable } from './table';

/** The part htmx swaps: counts per status, the bulk form around the table, the pager and the export link. */
export function InvoiceResults(props: ListPageProps & { oob?: boolean }) {
  const { filters: f, page, counts, user } = props;
  const actions = actionsOf(user);
  const query = filterQuery(f);
  const path = listPath(f);
  const link = (q: string) => `${path}${q ? `?${q}` : ''}`;
  const counted = counts.every((c) => c.count !== null);
  const total = counts.reduce((n, c) => n + (c.count ?? 0), 0);
  const anyCapped = counts.some((c) => c.capped);
  const shown = (n: number | null, capped: boolean) => (n === null ? null : <span class="n">{`${n.toLocaleString('en')}${capped ? '+' : ''}`}</span>);
  return (
    <div id="invoice-results" hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.bulk && <BulkResult {...props.bulk} />}
      <ul class="status-tabs no-print" aria-label="Statuses">
        <li><a href={link(filterQuery(f, { status: null }))} aria-current={f.status === null ? 'page' : undefined}>All{counted && shown(total, anyCapped)}</a></li>
        {counts.map((c) => (
          <li><a href={link(filterQuery(f, { status: c.status }))} aria-current={f.status === c.status ? 'page' : undefined}>{STATUS_LABELS[c.status]}{shown(c.count, c.capped)}</a></li>
        ))}
        {!counted && <li class="muted">Too many invoices to count quickly with these filters.</li>}
      </ul>
      {page.rows.length === 0 ? (
        <div class="empty card">
          {isFiltered(f) || f.view === 'complete' ? <p>No invoices match this view.</p> : (
            <>
              <p>No invoices yet.</p>
              <p class="muted">Connect your Pagero account with <strong>E-invoicing Login</strong> under your initials (top right), and the supplier invoices of your Pagero companies appear here.</p>
            </>
          )}
        </div>
      ) : actions.length > 0 ? (
        <form method="post" action="/invoices/status-changes" aria-label="Change the status of selected invoices">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="list_query" value={query} />
          <BulkControls actions={actions} errors={props.bulkErrors} values={props.bulkValues} canExport={mayExport(user)} />
          <InvoiceTable rows={page.rows} filters={f} selectable />
        </form>
      ) : (
        <InvoiceTable rows={page.rows} filters={f} selectable={false} />
      )}
      <nav class="pager no-print" aria-label="Pages">
        {(page.previous || page.next) && <a href={link(query)}>First page</a>}
        {page.previous && <a href={link(`${query ? `${query}&` : ''}before=${page.previous}`)} rel="prev">Previous page</a>}
        {page.next && <a href={link(`${query ? `${query}&` : ''}after=${page.next}`)} rel="next">Next page</a>}
        <span class="spacer"></span>
        <a href={`/invoices/export.csv${query ? `?${query}` : ''}`} hx-boost="false" download>Export CSV</a>
      </nav>
    </div>
  );
}
