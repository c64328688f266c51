import type { LockHolder } from '../../src/invoices/lock';
import { TRANSITIONS, type Action } from '../../src/invoices/transitions';
import { CsrfField } from '../components/form';
import { ReasonCodeFields } from '../responses/reason-fields';

type Props = {
  invoiceId: number; invoiceNumber: string; actions: Action[]; listQuery: string; csrf: string; hasNext: boolean;
  lock: LockHolder | null; userId: number;
  /** false for read-only roles: no Edit (the editing lock) for them */
  canEdit?: boolean;
  errors?: { reason?: string; reason_code?: string; action_code?: string };
  values?: { reason?: string; action?: string; reason_code?: string; action_code?: string };
  /** Open the hold/reject drop-down although nothing went wrong (a reason pre-filled from a link). */
  open?: boolean;
};

/** The step that moves the invoice on, in workflow order: shown first, as the primary button. */
const NEXT_STEPS: readonly Action[] = ['approve', 'mark_ready', 'start_review', 'resume', 'export', 'reopen'];
/** Rare or hard-to-undo changes wait under "More". */
const UNDER_MORE: readonly Action[] = ['return_to_review', 'revoke_approval', 'cancel'];
/** The keys of views/assets/invoice-keys.js press these buttons. */
const KEYS: Partial<Record<Action, string>> = { approve: 'a', mark_ready: 'r' };
/** Where moving on to the next invoice of the list is what a clerk does next. */
const AND_NEXT: readonly Action[] = ['approve', 'mark_ready'];

/**
 * The changes this user may make now: the next step first (primary, with "& next"), Edit, hold and
 * reject with their reasons in a drop-down (open again when a reason was missing), the rest under More.
 * Every drop-down is a <details>, so all of it works without JavaScript.
 */
export function ActionBar({ invoiceId, invoiceNumber, actions, listQuery, csrf, hasNext, lock, userId, canEdit = true, errors = {}, values = {}, open = false }: Props) {
  if (lock !== null && lock.userId !== userId) return null;
  const action = `/invoices/${invoiceId}/status-changes`;
  const hidden = <><CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} /></>;
  const primary = NEXT_STEPS.find((a) => actions.includes(a));
  const others = actions.filter((a) => a !== primary && !UNDER_MORE.includes(a) && !TRANSITIONS[a].needsReason);
  const more = actions.filter((a) => UNDER_MORE.includes(a));
  const decide = actions.filter((a) => TRANSITIONS[a].needsReason);
  const decideOpen = open || Boolean(errors.reason || errors.reason_code || errors.action_code);
  const button = (a: Action, cls?: string) => (
    <form method="post" action={action} class="inline">
      {hidden}<input type="hidden" name="action" value={a} />
      <button type="submit" class={cls} data-key={KEYS[a]}>{TRANSITIONS[a].label}</button>
      {cls === 'primary' && hasNext && AND_NEXT.includes(a) && <button type="submit" name="then" value="next" class="primary">{`${TRANSITIONS[a].label} & next`}</button>}
    </form>
  );
  return (
    <div class="action-bar" role="group" aria-label="Actions">
      {primary && button(primary, 'primary')}
      {others.map((a) => button(a))}
      {lock === null && canEdit && (
        <form method="post" action={`/invoices/${invoiceId}/lock`} class="inline">
          {hidden}<button type="submit" data-key="e" title="Others see that you are working on it">Edit</button>
        </form>
      )}
      {decide.length > 0 && (
        <details class="menu" id="decide" open={decideOpen}>
          <summary class="button" data-key="h">{decide.length > 1 ? 'Hold or reject…' : decide[0] === 'hold' ? 'Hold…' : 'Reject…'}</summary>
          <form method="post" action={action} class="menu-panel decide">
            {hidden}
            <div class={errors.reason ? 'field has-error' : 'field'}>
              <label for="status-reason">Reason</label>
              <input id="status-reason" name="reason" type="text" maxlength={1000} value={values.reason ?? ''}
                aria-invalid={errors.reason ? 'true' : undefined} aria-describedby={errors.reason ? 'status-reason-error' : undefined} />
              {errors.reason && <p id="status-reason-error" class="error" role="alert">{errors.reason}</p>}
            </div>
            <ReasonCodeFields idPrefix="status" values={values} errors={errors} />
            <div class="buttons">
              {decide.map((a) => <button type="submit" name="action" value={a} class={a === 'reject' ? 'danger-outline' : undefined}>{TRANSITIONS[a].label}</button>)}
              {/* "& next" rides on the URL (formaction), as the button already carries the action */}
              {hasNext && decide.includes('hold') && <button type="submit" name="action" value="hold" formaction={`${action}?then=next`}>Hold &amp; next</button>}
            </div>
          </form>
        </details>
      )}
      {more.length > 0 && (
        <details class="menu">
          <summary class="button">More</summary>
          <div class="menu-panel">
            {more.filter((a) => a !== 'cancel').map((a) => button(a))}
            {more.includes('cancel') && (
              <form method="post" action={action} class="cancel-form">
                {hidden}<input type="hidden" name="action" value="cancel" />
                <label class="check"><input type="checkbox" name="confirm" value="yes" required /> {`Yes, cancel ${invoiceNumber}`}</label>
                <small class="muted">It leaves My Invoices for Complete Invoices; an AP Manager can reopen it.</small>
                <button type="submit" class="danger-outline">Cancel invoice</button>
              </form>
            )}
          </div>
        </details>
      )}
    </div>
  );
}
