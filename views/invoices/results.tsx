import { mayExport } from '../../src/export/access';
import { formatCount, formatMoney } from '../../src/format/numbers';
import { actionsOf } from '../../src/invoices/transitions';
import { filterQuery, isFiltered } from '../../src/invoices/filters';
import type { ListSums } from '../../src/invoices/list-sums';
import { listPath } from '../../src/invoices/params';
import { STATUS_LABELS } from '../../src/invoices/statuses';
import { CsrfField } from '../components/form';
import { BulkControls, BulkResult } from './bulk';
import { EmptyList } from './empty-states';
import type { ListPageProps } from './list';
import { InvoiceTable } from './table';

/** The part htmx swaps: counts per status, sums, the bulk form around the table, the pager and the export links. */
export function InvoiceResults(props: ListPageProps & { oob?: boolean }) {
  const { filters: f, page, counts, user } = props;
  const actions = actionsOf(user);
  const query = filterQuery(f);
  const path = listPath(f);
  const link = (q: string) => `${path}${q ? `?${q}` : ''}`;
  // Past the count's time budget a list that fits on one page is still counted exactly: from its rows
  const onePage = !page.next && !page.previous && f.status === null;
  const statusCounts = counts.every((c) => c.count !== null) || !onePage ? counts
    : counts.map((c) => ({ ...c, count: page.rows.filter((r) => r.status === c.status).length, capped: false }));
  const counted = statusCounts.every((c) => c.count !== null);
  const total = statusCounts.reduce((n, c) => n + (c.count ?? 0), 0);
  const anyCapped = statusCounts.some((c) => c.capped);
  const shown = (n: number | null, capped: boolean) => (n === null ? null : <span class="n">{`${formatCount(n)}${capped ? '+' : ''}`}</span>);
  const exportLink = (extra: string) => `/invoices/export.csv${query || extra ? `?${[query, extra].filter(Boolean).join('&')}` : ''}`;
  return (
    <div id="invoice-results" hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.bulk && <BulkResult {...props.bulk} />}
      <ul class="status-tabs no-print" aria-label="Statuses">
        <li><a href={link(filterQuery(f, { status: null }))} aria-current={f.status === null ? 'page' : undefined}>All{counted && shown(total, anyCapped)}</a></li>
        {statusCounts.map((c) => (
          <li><a href={link(filterQuery(f, { status: c.status }))} aria-current={f.status === c.status ? 'page' : undefined}>{STATUS_LABELS[c.status]}{shown(c.count, c.capped)}</a></li>
        ))}
        {!counted && <li class="muted">Too many invoices to count quickly with these filters.</li>}
      </ul>
      {page.rows.length === 0 ? (
        <EmptyList filtered={isFiltered(f) || f.view === 'complete'} setup={props.setup} />
      ) : (
        <>
          <ListSumsLine sums={props.sums} />
          {actions.length > 0 ? (
            <form method="post" action="/invoices/status-changes" aria-label="Change the status of selected invoices" data-selection>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="list_query" value={query} />
              <BulkControls actions={actions} errors={props.bulkErrors} values={props.bulkValues} canExport={mayExport(user)} />
              <InvoiceTable rows={page.rows} filters={f} selectable selected={props.selectedIds} />
            </form>
          ) : (
            <InvoiceTable rows={page.rows} filters={f} selectable={false} />
          )}
        </>
      )}
      <nav class="pager no-print" aria-label="Pages">
        {(page.previous || page.next) && <a href={link(query)}>First page</a>}
        {page.previous && <a href={link(`${query ? `${query}&` : ''}before=${page.previous}`)} rel="prev">Previous page</a>}
        {page.next && <a href={link(`${query ? `${query}&` : ''}after=${page.next}`)} rel="next">Next page</a>}
        <span class="spacer"></span>
        <a href={exportLink('')} hx-boost="false" download>Export CSV</a>
        <a href={exportLink('format=semicolon')} hx-boost="false" download>Export CSV (semicolon, decimal comma)</a>
      </nav>
    </div>
  );
}

/** "52 invoices: €26,831.81 · SEK 1,450.27" for everything the filters match, credit notes subtracted. */
function ListSumsLine({ sums }: { sums: ListSums }) {
  if (sums === null) return <p class="list-sums muted">Too many invoices to add up quickly with these filters.</p>;
  const count = sums.reduce((n, s) => n + s.count, 0);
  return (
    <p class="list-sums" aria-label="Sums of this list">
      <span>{`${formatCount(count)} invoice${count === 1 ? '' : 's'}:`}</span>
      {sums.map((s) => <span class="amount" title={`${formatCount(s.count)} in ${s.currency ?? 'no currency'}`}>{formatMoney(s.total, s.currency)}</span>)}
    </p>
  );
}
