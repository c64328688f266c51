import { daysBetween, formatDate, formatMoney, signed } from '../../src/format/numbers';
import { filterQuery, type Filters } from '../../src/invoices/filters';
import type { InvoiceListRow } from '../../src/invoices/list-query';
import { listPath } from '../../src/invoices/params';
import { SORTS, type SortKey } from '../../src/invoices/sorts';
import { statusLabel } from '../../src/invoices/statuses';

type Props = { rows: InvoiceListRow[]; filters: Filters; selectable: boolean; selected?: readonly number[] };

/**
 * The invoices of one page; each number links to the invoice page carrying this list (for
 * next/previous). Fits 1280 px: names wrap, dates and amounts never do. Below 720 px each
 * row becomes a card (data-label names the cell).
 */
export function InvoiceTable({ rows, filters: f, selectable, selected = [] }: Props) {
  const query = filterQuery(f);
  return (
    <div class="table-wrap invoice-table" role="region" aria-label="Invoices" tabindex={0}>
      <table>
        <thead>
          <tr>
            {selectable && (
              <th scope="col" class="select">
                <input type="checkbox" data-select-all hidden aria-label="Select all invoices on this page" />
              </th>
            )}
            <SortHeader filters={f} sort="number" /><SortHeader filters={f} sort="supplier" /><th scope="col">Company</th>
            <SortHeader filters={f} sort="issue_date" /><SortHeader filters={f} sort="due_date" /><SortHeader filters={f} sort="total" amount />
            <SortHeader filters={f} sort="status" /><th scope="col">Document group</th><th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const amount = r.total === null ? null : signed(r.total, r.documentType);
            const overdueDays = f.view === 'open' && r.dueDate && r.dueDate < f.today ? daysBetween(r.dueDate, f.today) : 0;
            return (
              <tr class={overdueDays > 0 ? 'overdue' : undefined}>
                {selectable && (
                  <td class="select">
                    <input type="checkbox" name="ids" value={String(r.id)} aria-label={`Select invoice ${r.invoiceNumber}`} checked={selected.includes(r.id)}
                      data-amount={amount ?? undefined} data-currency={r.currency ?? undefined} />
                  </td>
                )}
                <td class="number">
                  <span class="number-line">
                    <a href={`/invoices/${r.id}${query ? `?${query}` : ''}`} class="invoice-number" title={r.invoiceNumber}>{r.invoiceNumber}</a>
                  </span>
                  {r.documentType === 'credit_note' && <small class="muted"> credit note</small>}
                </td>
                <td data-label="Supplier" class="name">{r.sellerName ?? '—'}</td>
                <td data-label="Company" class="name">{r.companyName ?? '—'}</td>
                <td data-label="Issued" class="date">{formatDate(r.issueDate)}</td>
                <td data-label="Due" class="date">
                  {formatDate(r.dueDate)}
                  {overdueDays > 0 && <span class="badge overdue" title={`Due ${overdueDays} days ago`}>{`overdue ${overdueDays} d`}</span>}
                </td>
                <td data-label="Total" class="amount"><span class="amount">{formatMoney(amount, r.currency)}</span></td>
                <td data-label="Status"><span class={`status status-${r.status}`} title={r.statusReason ?? undefined}>{statusLabel(r.status)}</span></td>
                <td data-label="Group" class="name">{r.groupName ?? 'Unassigned'}</td>
                <td data-label="Flags" class="flags"><Flags row={r} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A column header that sorts by its column; a second click reverses. */
function SortHeader({ filters: f, sort, amount }: { filters: Filters; sort: SortKey; amount?: boolean }) {
  const active = f.sort === sort;
  const dir = active ? (f.dir === 'asc' ? 'desc' : 'asc') : SORTS[sort].defaultDir;
  const query = filterQuery(f, { sort, dir });
  return (
    <th scope="col" class={amount ? 'amount' : undefined} aria-sort={active ? (f.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={`${listPath(f)}${query ? `?${query}` : ''}`}>{SORTS[sort].label}{active && (f.dir === 'asc' ? ' ▲' : ' ▼')}</a>
    </th>
  );
}

function Flags({ row }: { row: InvoiceListRow }) {
  return (
    <>
      {row.possibleDuplicate && <span class="flag dup">Possible duplicate</span>}
      {(row.validationFatal ?? 0) > 0 && <span class="flag dup" title="Fatal EN 16931 findings">Fails validation</span>}
      {row.warningCount > 0 && <span class="flag warn">{`${row.warningCount} warning${row.warningCount === 1 ? '' : 's'}`}</span>}
      {row.attachmentCount > 0 && <span class="flag">{`${row.attachmentCount} attachment${row.attachmentCount === 1 ? '' : 's'}`}</span>}
    </>
  );
}
