import type { LockHolder } from '../../src/invoices/lock';
import type { InvoiceDetail } from '../../src/invoices/queries';
import { statusLabel } from '../../src/invoices/statuses';
import { TRANSITIONS, type Action } from '../../src/invoices/transitions';
import { CsrfField } from '../components/form';
import { ReasonCodeFields } from '../responses/reason-fields';
import { actionLabel, reasonLabel } from '../../src/responses/codes';

type Props = {
  invoice: InvoiceDetail;
  actions: Action[];
  lock: LockHolder | null;
  userId: number;
  listQuery: string;
  csrf: string;
  errors?: { reason?: string; reason_code?: string; action_code?: string };
  values?: { reason?: string; action?: string; reason_code?: string; action_code?: string };
};

const time = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** apdesk's own part of the invoice: its status, the changes this user may make, and who is editing it. */
export function WorkflowPanel({ invoice: inv, actions, lock, userId, listQuery, csrf, errors = {}, values = {} }: Props) {
  const lockedByOther = lock !== null && lock.userId !== userId;
  const hidden = <><CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} /></>;
  const plain = actions.filter((a) => !TRANSITIONS[a].needsReason);
  const withReason = actions.filter((a) => TRANSITIONS[a].needsReason);
  return (
    <section class="card workflow no-print" aria-label="Status">
      <p>
        <span class={`status status-${inv.status}`}>{statusLabel(inv.status)}</span>
        {inv.status === 'on_hold' && inv.heldFrom && <span class="muted">{` (resumes to ${statusLabel(inv.heldFrom)})`}</span>}
        {inv.statusReasonCode && <>{' — '}<strong>{reasonLabel(inv.statusReasonCode)}</strong></>}
        {inv.statusReason && <>{' — '}<q>{inv.statusReason}</q></>}
        {inv.statusActionCode && <span class="muted">{` (asked of the supplier: ${actionLabel(inv.statusActionCode)})`}</span>}
      </p>
      {lockedByOther ? (
        <p class="lock-note" role="status">{`${lock.name} is editing this invoice since ${time(lock.lockedAt)}. You can change it when they are done, or after 15 minutes without activity.`}</p>
      ) : lock ? (
        <form method="post" action={`/invoices/${inv.id}/lock/release`} class="lock-note">
          {hidden}{`You are editing this invoice (since ${time(lock.lockedAt)}). `}<button type="submit" class="link">Done editing</button>
        </form>
      ) : (
        <form method="post" action={`/invoices/${inv.id}/lock`}>
          {hidden}<button type="submit">Edit</button> <small class="muted">Others see that you are working on it.</small>
        </form>
      )}
      {!lockedByOther && plain.map((a) => (
        <form method="post" action={`/invoices/${inv.id}/status-changes`} class="inline">
          {hidden}<input type="hidden" name="action" value={a} /><button type="submit">{TRANSITIONS[a].label}</button>
        </form>
      ))}
      {!lockedByOther && withReason.length > 0 && (
        <form method="post" action={`/invoices/${inv.id}/status-changes`}>
          {hidden}
          <div class={errors.reason ? 'field has-error' : 'field'}>
            <label for="status-reason">Reason</label>
            <input id="status-reason" name="reason" type="text" maxlength={1000} value={values.reason ?? ''}
              aria-invalid={errors.reason ? 'true' : undefined} aria-describedby={errors.reason ? 'status-reason-error' : undefined} />
            {errors.reason && <p id="status-reason-error" class="error" role="alert">{errors.reason}</p>}
          </div>
          <ReasonCodeFields idPrefix="status" values={values} errors={errors} />
          {withReason.map((a) => <button type="submit" name="action" value={a} class={a === 'reject' ? 'danger' : undefined}>{TRANSITIONS[a].label}</button>)}{' '}
        </form>
      )}
    </section>
  );
}
