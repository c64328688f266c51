import { ROLE_LABELS, ROLES } from '../../src/auth/roles';
import { rolesLabel } from '../../src/approvals/chain';
import type { RuleGroup } from '../../src/approvals/conditions';
import { APPROVAL_FIELDS } from '../../src/approvals/fields';
import type { CentreOwner } from '../../src/approvals/owners';
import type { AuditEntry, Rule, Step } from '../../src/approvals/policies';
import type { PolicyDraft } from '../../src/approvals/policy-form';
import { OPERATOR_LABELS, VALUELESS, type Operator } from '../../src/groups/fields';
import { CsrfField, Field, Flash, FormError, PageHeader, type FieldErrors } from '../components/form';
import { ConditionEditor } from '../groups/editor';
import { formatDate, formatDateTime } from '../../src/format/numbers';

const BASE = '/settings/approvals';
type Person = { id: number; name: string; email: string };

export function describeRule(group: RuleGroup | null, nested = false): string {
  if (!group) return 'Every other invoice';
  const parts = group.children.map((c) => ('children' in c ? describeRule(c, true) : `${APPROVAL_FIELDS[c.field]?.label ?? c.field} ${OPERATOR_LABELS[c.op as Operator] ?? c.op}${VALUELESS.has(c.op as Operator) ? '' : ` “${c.value}”`}`));
  const text = parts.join(group.join === 'or' ? ' Or ' : ' And ');
  return nested && parts.length > 1 ? `(${text})` : text;
}

export function describeSteps(steps: Step[], people: Person[]) {
  return steps.map((s) => (s.kind === 'user' ? (people.find((p) => p.id === s.userId)?.name ?? `a deactivated user (#${s.userId})`) : s.kind === 'role' ? rolesLabel(s.roles, s.count) : 'The owner of each line’s cost centre')).join(' → ');
}


export function PoliciesPage({ csrf, flash, rules, audit, people }: { csrf: string; flash: string | null; rules: Rule[]; audit: AuditEntry[]; people: Person[] }) {
  const ordered = rules.filter((r) => !r.isDefault);
  return (
    <>
      <PageHeader title="Approvals">
        <a class="button primary" href={`${BASE}/new`}>New rule</a>
      </PageHeader>
      <Flash message={flash} />
      <p class="muted">
        When an invoice reaches Ready, the first rule it matches, from the top, gives its chain of approvers; the default rule catches the rest.
        The chain is stored with the invoice: changing a rule applies to invoices that reach Ready afterwards. <a href={`${BASE}/owners`}>Cost centre owners</a>
      </p>
      <div class="table-wrap" tabindex={0} role="region" aria-label="Approval rules">
        <table class="wrap">
          <thead><tr><th scope="col">#</th><th scope="col">Rule</th><th scope="col">When</th><th scope="col">Approved by</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {rules.map((r) => {
              const i = ordered.indexOf(r);
              return (
                <tr>
                  <td>{r.isDefault ? '—' : String(i + 1)}</td>
                  <td><strong>{r.name}</strong>{r.isDefault && <small class="muted"> (default)</small>}</td>
                  <td>{describeRule(r.conditions)}</td>
                  <td>{describeSteps(r.steps, people)}</td>
                  <td>
                    <a href={`${BASE}/${r.id}/edit`}>Edit</a>
                    {!r.isDefault && (
                      <form method="post" action={`${BASE}/${r.id}/priority`} class="inline">
                        <CsrfField token={csrf} />
                        <button type="submit" name="direction" value="up" disabled={i === 0} aria-label={`Move ${r.name} up`}>↑</button>
                        <button type="submit" name="direction" value="down" disabled={i === ordered.length - 1} aria-label={`Move ${r.name} down`}>↓</button>
                      </form>
                    )}
                    {!r.isDefault && (
                      <form method="post" action={`${BASE}/${r.id}/deletion`} class="inline">
                        <CsrfField token={csrf} /><button type="submit" class="link" aria-label={`Delete ${r.name}`}>Delete</button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section class="card wide" aria-label="Audit log">
        <h2>Changes</h2>
        {audit.length === 0 ? <p class="muted">No changes yet.</p> : (
          <ol class="history">
            {audit.map((a) => <li><time datetime={a.at.toISOString()}>{formatDateTime(a.at)}</time> <strong>{a.actorName ?? 'apdesk'}</strong>{` ${AUDIT_LABELS[a.action] ?? a.action} ${a.subject}`}{a.detail && <small class="muted">{` — ${auditDetail(a.detail, people)}`}</small>}</li>)}
          </ol>
        )}
      </section>
    </>
  );
}

/** Rule changes keep their conditions and steps as JSON; show them as the list does. */
function auditDetail(detail: string, people: Person[]) {
  try {
    const parsed = JSON.parse(detail) as { conditions: RuleGroup | null; steps: Step[] };
    if (Array.isArray(parsed.steps)) return `${describeRule(parsed.conditions)}: ${describeSteps(parsed.steps, people)}`;
  } catch {
    // plain text
  }
  // plain texts name days as YYYY-MM-DD ("Out of office 2026-03-02 to 2026-03-06"): shown as the reader writes dates
  const text = detail.replace(/\b(\d{4}-\d\d-\d\d)\b/g, (day) => formatDate(day));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const AUDIT_LABELS: Record<string, string> = {
  rule_created: 'created rule', rule_changed: 'changed rule', rule_deleted: 'deleted rule', rule_moved: 'moved rule',
  delegation_set: 'set out of office:', delegation_cleared: 'ended out of office:', owner_set: 'set the owner of',
};

type FormProps = { csrf: string; draft: PolicyDraft; ruleId?: number; isDefault: boolean; errors?: FieldErrors; people: Person[] };

export function PolicyFormPage({ csrf, draft, ruleId, isDefault, errors, people }: FormProps) {
  const action = ruleId ? `${BASE}/${ruleId}` : BASE;
  const hasErrors = Boolean(errors && Object.keys(errors).length > 0);
  return (
    <>
      <link rel="stylesheet" href="/assets/document-groups.css" />
      <PageHeader title={ruleId ? `Edit ${draft.name || 'approval rule'}` : 'New approval rule'}><a href={BASE}>Cancel</a></PageHeader>
      {hasErrors && <FormError message="Some parts of the rule need your attention; see the messages next to them." />}
      <form id="group-form" method="post" action={action} class="card wide" novalidate>
        <CsrfField token={csrf} />
        <Field name="name" label="Rule name" value={draft.name} errors={errors} autocomplete="off" required hint="For example “Over 10,000 EUR: add the CFO”." />
        {isDefault ? <p class="muted">The default rule has no conditions: it catches every invoice no other rule matches.</p> : (
          <ConditionEditor tree={draft.conditions} errors={errors} editorUrl={`${BASE}/editor`} fields={APPROVAL_FIELDS} />
        )}
        <fieldset class="cond-group top">
          <legend>Steps, in order</legend>
          {errors?.steps && <p class="error" role="alert" id="steps-error">{errors.steps}</p>}
          {draft.steps.map((s, i) => <StepRow index={i} step={s} people={people} error={errors?.[`steps.${i}`]} />)}
          <button type="submit" name="add_step" value="1" formnovalidate>Add a step</button>
        </fieldset>
        <button type="submit" class="primary">Save rule</button>
      </form>
    </>
  );
}

function StepRow({ index, step, people, error }: { index: number; step: PolicyDraft['steps'][number]; people: Person[]; error?: string }) {
  const p = `steps.${index}`;
  return (
    <div class={error ? 'cond-row has-error' : 'cond-row'}>
      <label>
        <span>{`Step ${index + 1}`}</span>
        <select name={`${p}.kind`} aria-invalid={error ? 'true' : undefined}>
          <option value="" selected={step.kind === ''}>— (unused)</option>
          <option value="user" selected={step.kind === 'user'}>A named user</option>
          <option value="role" selected={step.kind === 'role'}>Users with a role</option>
          <option value="cost_centre_owner" selected={step.kind === 'cost_centre_owner'}>Owner of the line’s cost centre</option>
        </select>
      </label>
      <label>
        <span>Named user</span>
        <select name={`${p}.user`}>
          <option value="">—</option>
          {people.map((u) => <option value={String(u.id)} selected={String(u.id) === step.user}>{u.name}</option>)}
        </select>
      </label>
      <fieldset class="roles">
        <legend>Roles</legend>
        {ROLES.map((r) => <label><input type="checkbox" name={`${p}.roles`} value={r} checked={step.roles.includes(r)} /> {ROLE_LABELS[r]}</label>)}
      </fieldset>
      <label>
        <span>How many must approve</span>
        <input name={`${p}.count`} value={step.count} inputmode="numeric" size={3} />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}

export function OwnersPage({ csrf, flash, centres, people, problem }: { csrf: string; flash: string | null; centres: CentreOwner[]; people: Person[]; problem?: string }) {
  return (
    <>
      <PageHeader title="Cost centre owners"><a href={BASE}>Back to Approvals</a></PageHeader>
      <Flash message={flash} />
      <FormError message={problem} />
      <p class="muted">The owner approves the lines coded to their cost centre when a rule has an “owner of the line’s cost centre” step. Without an owner, AP Admins decide.</p>
      {centres.length === 0 ? <p class="card">No cost centres yet: add them under Settings → Master data.</p> : (
        <form method="post" action={`${BASE}/owners`}>
          <CsrfField token={csrf} />
          <div class="table-wrap" tabindex={0} role="region" aria-label="Cost centres">
            <table class="wrap">
              <thead><tr><th scope="col">Company</th><th scope="col">Cost centre</th><th scope="col">Owner</th></tr></thead>
              <tbody>
                {centres.map((cc) => (
                  <tr>
                    <td>{cc.companyName}</td>
                    <td>{`${cc.code} ${cc.name}`}{!cc.active && <small class="muted"> (deactivated)</small>}</td>
                    <td>
                      <select name={`owner.${cc.id}`} aria-label={`Owner of ${cc.code}`}>
                        <option value="">None</option>
                        {people.map((u) => <option value={String(u.id)} selected={u.id === cc.ownerId}>{u.name}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p><button type="submit" class="primary">Save owners</button></p>
        </form>
      )}
    </>
  );
}
