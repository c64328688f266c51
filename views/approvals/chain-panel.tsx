import type { ChainView } from '../../src/approvals/page-data';
import { CsrfField } from '../components/form';
import { ApprovalStyles } from './styles';
import { formatDateTime } from '../../src/format/numbers';

type Props = { invoiceId: number; chain: ChainView | null; csrf: string; /** The list the invoice was opened from, kept through Reject and Ask (src/invoices/params.ts). */ listQuery?: string; errors?: { reject?: string; question?: string }; values?: { reject?: string; question?: string } };


/** The invoice's approval chain: steps done (who, when), the current step, steps to come; and the approver's other answers (approving is the page's Approve action). */
export function ApprovalChainPanel({ invoiceId, chain, csrf, listQuery = '', errors = {}, values = {} }: Props) {
  if (!chain) return null;
  const current = chain.state === 'open' ? chain.steps.find((s) => s.doneAt === null) : undefined;
  const stateText = chain.state === 'approved' ? 'approved' : chain.state === 'cancelled' ? 'ended (the invoice left Ready)' : 'waiting';
  return (
    <section class="card approval-chain no-print" aria-label="Approval" id="approval">
      <ApprovalStyles />
      <h2>Approval</h2>
      <p class="muted">{`Rule “${chain.ruleName}”, started ${formatDateTime(chain.startedAt)}: ${stateText}.`}</p>
      <ol class="chain">
        {chain.steps.map((s) => {
          const cls = s.doneAt ? 'done' : s === current ? 'current' : 'to-come';
          return (
            <li class={cls}>
              {`${s.label}${s.required > 1 ? ` (${s.required} approvals)` : ''}`}
              {s.decisions.map((d) => <small>{`Approved by ${d.name}${d.onBehalfOf ? ` on behalf of ${d.onBehalfOf}` : ''}, ${formatDateTime(d.at)}`}</small>)}
              {s === current && <small>{`Waiting since ${s.startedAt ? formatDateTime(s.startedAt) : '—'}${chain.waitingFor.length ? ` for ${chain.waitingFor.join(', ')}` : ''}.`}</small>}
              {s === current && chain.fallback && <small class="error">The step’s approver cannot act (deactivated, not set, or not allowed on this invoice): the AP Admins decide.</small>}
              {!s.doneAt && s !== current && chain.state === 'open' && <small class="muted">To come.</small>}
            </li>
          );
        })}
      </ol>
      {current && chain.why && <p class="muted" role="note">{chain.why}</p>}
      {current && chain.mayApprove && (
        <div class="approval-forms">
          <p class="muted">This step waits for you: Approve is among the invoice’s actions above.</p>
          <details open={Boolean(errors.reject)}>
            <summary>Reject (back to In review)</summary>
            <form method="post" action={`/approvals/${invoiceId}/rejection`}>
              <CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} />
              <div class={errors.reject ? 'field has-error' : 'field'}>
                <label for="approval-reject">Reason</label>
                <textarea id="approval-reject" name="reason" rows={2} maxlength={1000} aria-invalid={errors.reject ? 'true' : undefined} aria-describedby={errors.reject ? 'approval-reject-error' : undefined}>{values.reject ?? ''}</textarea>
                {errors.reject && <p id="approval-reject-error" class="error" role="alert">{errors.reject}</p>}
              </div>
              <button type="submit">Reject</button>
            </form>
          </details>
          <details open={Boolean(errors.question)}>
            <summary>Ask a question</summary>
            <form method="post" action={`/approvals/${invoiceId}/question`}>
              <CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} />
              <div class={errors.question ? 'field has-error' : 'field'}>
                <label for="approval-question">Question for whoever marked it Ready</label>
                <textarea id="approval-question" name="question" rows={2} maxlength={1000} aria-invalid={errors.question ? 'true' : undefined} aria-describedby={errors.question ? 'approval-question-error' : undefined}>{values.question ?? ''}</textarea>
                {errors.question && <p id="approval-question-error" class="error" role="alert">{errors.question}</p>}
              </div>
              <button type="submit">Send question</button>
            </form>
          </details>
        </div>
      )}
    </section>
  );
}
