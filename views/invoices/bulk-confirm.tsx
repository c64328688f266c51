import type { ConfirmRow } from '../../src/invoices/bulk-confirm';
import { signed } from '../../src/format/numbers';
import { statusLabel } from '../../src/invoices/statuses';
import { CsrfField, PageHeader } from '../components/form';
import { Day } from '../components/when';
import { Money } from './money';

type Props = {
  rows: ConfirmRow[];
  /** selected ids the user may not see (or that do not exist): skipped either way */
  unseen: number;
  listQuery: string;
  listPath: string;
  csrf: string;
  values: { reason: string; reason_code: string; action_code: string };
};

const invoices = (n: number) => `${n} invoice${n === 1 ? '' : 's'}`;

/** "Cancel 3 invoices?": which ones, which are skipped; posting again with confirm=yes cancels them. */
export function ConfirmBulkCancel({ rows, unseen, listQuery, listPath, csrf, values }: Props) {
  const cancelled = rows.filter((r) => r.cancellable);
  const skipped = rows.filter((r) => !r.cancellable);
  const back = `${listPath}${listQuery ? `?${listQuery}` : ''}`;
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: '.bulk-confirm .buttons { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: 1rem; }' }} />
      <PageHeader title={cancelled.length ? `Cancel ${invoices(cancelled.length)}?` : 'Nothing to cancel'} />
      <form method="post" action="/invoices/status-changes" class="card confirm bulk-confirm" role="alertdialog" aria-labelledby="bulk-confirm-title">
        <CsrfField token={csrf} />
        <input type="hidden" name="list_query" value={listQuery} />
        <input type="hidden" name="action" value="cancel" />
        <input type="hidden" name="confirm" value="yes" />
        <input type="hidden" name="reason" value={values.reason} />
        <input type="hidden" name="reason_code" value={values.reason_code} />
        <input type="hidden" name="action_code" value={values.action_code} />
        {cancelled.map((r) => <input type="hidden" name="ids" value={String(r.id)} />)}
        <h2 id="bulk-confirm-title">{cancelled.length ? `These ${invoices(cancelled.length)} leave My Invoices for Complete Invoices` : 'None of the selected invoices can be cancelled'}</h2>
        {cancelled.length > 0 && (
          <>
            <ConfirmTable rows={cancelled} caption="Invoices to cancel" />
            <p class="muted">An AP Manager can reopen a cancelled invoice; each cancellation is recorded in its history.</p>
          </>
        )}
        {skipped.length > 0 && (
          <>
            <p>{`Not cancelled, their status does not allow it: ${invoices(skipped.length)}.`}</p>
            <ConfirmTable rows={skipped} caption="Selected invoices that stay as they are" />
          </>
        )}
        {unseen > 0 && <p class="muted">{`${invoices(unseen)} of the selection ${unseen === 1 ? 'is' : 'are'} not shown: ${unseen === 1 ? 'it does' : 'they do'} not exist or you may not see ${unseen === 1 ? 'it' : 'them'}.`}</p>}
        <div class="buttons">
          {cancelled.length > 0 && <button type="submit" class="danger">{`Cancel ${invoices(cancelled.length)}`}</button>}
          <a class="button" href={back}>{cancelled.length ? 'Keep them' : 'Back to the list'}</a>
        </div>
      </form>
    </>
  );
}

function ConfirmTable({ rows, caption }: { rows: ConfirmRow[]; caption: string }) {
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabindex={0}>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead><tr><th scope="col">Invoice</th><th scope="col">Supplier</th><th scope="col" class="amount">Amount</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td><a href={`/invoices/${r.id}`}>{r.invoiceNumber}</a></td>
              <td>{r.supplier ?? '—'}</td>
              <td class="amount"><Money value={r.amount === null ? null : signed(r.amount, r.documentType)} currency={r.currency} /></td>
              <td><Day date={r.dueDate} /></td>
              <td>{statusLabel(r.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
