import type { WaitingRow } from '../../src/approvals/page-data';
import { CsrfField, Flash, PageHeader } from '../components/form';
import { moneyText } from '../invoices/money';
import { ApprovalStyles } from './styles';
import { formatDate, signed } from '../../src/format/numbers';
import { Day } from '../components/when';

type Props = { rows: WaitingRow[]; csrf: string; flash: string | null; problem?: string; delegation: { delegateName: string; startsOn: string; endsOn: string } | null };

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** What waits for me, oldest first; approve one or many here, reject or ask a question on the invoice. */
export function ApprovalsPage({ rows, csrf, flash, problem, delegation }: Props) {
  const dueSoon = rows.filter((r) => r.dueSoon).length;
  return (
    <>
      <ApprovalStyles />
      <PageHeader title="Approvals"><a href="/approvals/out-of-office">Out of office</a></PageHeader>
      <Flash message={flash} />
      {problem && <p class="form-error" role="alert">{problem}</p>}
      {delegation && <p class="banner warn" role="status">{`You are out of office from ${formatDate(delegation.startsOn)} to ${formatDate(delegation.endsOn)}: ${delegation.delegateName} approves for you then.`}</p>}
      {rows.length === 0 ? (
        <p class="card">Nothing waits for your approval.</p>
      ) : (
        <form method="post" action="/approvals/approved" id="approvals-form">
          <CsrfField token={csrf} />
          <p>
            {`${rows.length} ${rows.length === 1 ? 'invoice waits' : 'invoices wait'} for you, oldest first.`}
            {dueSoon > 0 && <strong class="due-soon">{` ${dueSoon} ${dueSoon === 1 ? 'is' : 'are'} due within 5 days.`}</strong>}
          </p>
          <div class="table-wrap approvals-table" role="region" aria-label="Invoices waiting for your approval" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col"><span class="visually-hidden">Select</span></th>
                  <th scope="col">Invoice</th><th scope="col">Supplier</th><th scope="col" class="amount">Amount</th>
                  <th scope="col">Due</th><th scope="col">Waiting</th><th scope="col">Step</th><th scope="col"><span class="visually-hidden">Approve</span></th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr class={r.dueSoon ? 'due-soon-row' : undefined}>
                    <td data-label="Select"><input type="checkbox" name="ids" value={String(r.invoiceId)} aria-label={`Select invoice ${r.invoiceNumber}`} /></td>
                    <td data-label="Invoice"><a href={`/invoices/${r.invoiceId}`}>{r.invoiceNumber}</a></td>
                    <td data-label="Supplier" class="supplier">{r.supplier ?? '—'}</td>
                    <td data-label="Amount" class="amount">{moneyText(r.amount === null ? null : signed(r.amount, r.documentType), r.currency)}</td>
                    <td data-label="Due" class="due"><Day date={r.dueDate} />{r.dueSoon && <span class="badge">due soon</span>}</td>
                    <td data-label="Waiting">{days(r.daysWaiting)}</td>
                    <td data-label="Step" class="step">
                      {`${r.position} of ${r.stepCount}: ${r.stepLabel}`}
                      {r.onBehalfOf && <small class="muted">{` (on behalf of ${r.onBehalfOf})`}</small>}
                      {r.fallback && <small class="warning">{' The approver cannot act (deactivated, missing or not allowed): AP Admins decide.'}</small>}
                    </td>
                    <td data-label="Approve">
                      <button type="submit" name="one" value={String(r.invoiceId)} aria-label={`Approve ${r.invoiceNumber}`}>Approve</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="bulk-actions"><button type="submit" class="primary" name="bulk" value="1">Approve selected</button> <small class="muted">To reject or ask a question, open the invoice.</small></p>
        </form>
      )}
    </>
  );
}
