import { fieldsOf, plainMessage } from '../../src/validation/fields';
import { ruleSetsLabel, type FindingView, type ValidationView } from '../../src/validation/page-data';
import { CsrfField } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

export type ValidationPanelProps = {
  invoiceId: number;
  validation: ValidationView | null;
  /** The AP team may ask for the rules to run again. */
  canRecheck: boolean;
  /** AP Admins may allow an invoice that fails to go on, with a reason. */
  canOverride: boolean;
  /** Shown when this user may reject the invoice now: "Reject because of BR-…" pre-fills the reason. */
  canReject: boolean;
  csrf: string;
  listQuery: string;
  overrideError?: string;
  overrideReason?: string;
};

// Static text of ours, never user data.
const CSS = `
.validation .findings { margin: .5rem 0; padding: 0; list-style: none; }
.validation .finding { padding: .4rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.validation .finding p { margin: .15rem 0; }
.validation .badge { font-size: .8rem; padding: 0 .4rem; border-radius: .3rem; background: #f0f3f7; white-space: nowrap; }
.validation .severity-fatal { background: #fef3f2; color: var(--danger); } .validation .severity-warning { background: #fffaeb; color: #93370d; }
.validation .validation-ok { color: var(--ok); font-weight: 600; }
.validation-override-form textarea { width: 100%; }
.flag.invalid { background: #fef3f2; color: var(--danger); } .flag.checking { background: #f0f3f7; }
`;
export const ValidationStyles = () => <style dangerouslySetInnerHTML={{ __html: CSS }} />;

const SEVERITY: Record<string, string> = { fatal: 'Fatal', warning: 'Warning', information: 'Note' };

/** EN 16931 validation of the invoice: clean, the findings with the fields they concern, or why it could not be checked. */
export function ValidationPanel(props: ValidationPanelProps) {
  const v = props.validation;
  const hidden = <><CsrfField token={props.csrf} /><input type="hidden" name="list_query" value={props.listQuery} /></>;
  const recheck = props.canRecheck && v?.state !== 'pending' && (
    <form method="post" action={`/invoices/${props.invoiceId}/validation`} class="inline no-print">{hidden}<button type="submit">Check again</button></form>
  );
  if (!v || v.state === 'pending') {
    // Polls until the job has stored a result; without JavaScript a reload shows it.
    return (
      <section id="validation" class="card validation validation-pending" aria-labelledby="validation-title" hx-get={`/invoices/${props.invoiceId}/validation`} hx-trigger="load delay:2s" hx-swap="outerHTML">
        <ValidationStyles />
        <h2 id="validation-title">Validation</h2>
        <p role="status">Checking against EN 16931…</p>
      </section>
    );
  }
  const checked = <p class="muted">{`Checked ${v.validatedAt ? formatDateTime(v.validatedAt) : ''} against ${ruleSetsLabel(v.ruleSets)}${v.rulesVersion ? ` (rules build ${v.rulesVersion})` : ''}.`}</p>;
  if (v.state === 'error') {
    return (
      <section id="validation" class="card validation validation-error" aria-labelledby="validation-title">
        <ValidationStyles />
        <h2 id="validation-title">Validation</h2>
        <p class="form-error" role="alert">{`Could not be validated: ${v.error}. This invoice has not been shown to be valid.`}</p>
        {v.findings.length > 0 && <Findings {...props} findings={v.findings} />}
        {checked}
        {recheck}
      </section>
    );
  }
  const fatal = v.findings.filter((f) => f.severity === 'fatal');
  const others = v.findings.filter((f) => f.severity !== 'fatal');
  return (
    <section id="validation" class={`card validation ${fatal.length > 0 ? 'validation-fails' : 'validation-valid'}`} aria-labelledby="validation-title">
      <ValidationStyles />
      <h2 id="validation-title">Validation</h2>
      {fatal.length === 0 ? (
        <p class="validation-ok" role="status">
          {`Valid against ${ruleSetsLabel(v.ruleSets)}`}
          {others.length > 0 ? `, with ${others.length} ${others.length === 1 ? 'warning' : 'warnings'}.` : '.'}
        </p>
      ) : (
        <p class="form-error" role="alert">
          {`Fails EN 16931 validation: ${fatal.length} fatal ${fatal.length === 1 ? 'finding' : 'findings'}${others.length ? ` and ${others.length} ${others.length === 1 ? 'warning' : 'warnings'}` : ''}.`}
          {!v.override && ' Mark ready and Approve are held back.'}
        </p>
      )}
      {v.override && (
        <p class="validation-override">{`Allowed to go on by ${v.override.byName ?? 'a former user'}, ${formatDateTime(v.override.at)}: `}<q>{v.override.reason}</q></p>
      )}
      {v.findings.length > 0 && <Findings {...props} findings={v.findings} />}
      {checked}
      {recheck}
      {props.canOverride && fatal.length > 0 && !v.override && (
        <form method="post" action={`/invoices/${props.invoiceId}/validation/override`} class="validation-override-form no-print">
          {hidden}
          <label for="override_reason">Allow it anyway (AP Admin): why</label>
          <textarea id="override_reason" name="reason" rows={2} maxlength={1000} required aria-invalid={props.overrideError ? 'true' : undefined} aria-describedby={props.overrideError ? 'override_reason-error' : undefined}>{props.overrideReason ?? ''}</textarea>
          {props.overrideError && <p id="override_reason-error" class="field-error">{props.overrideError}</p>}
          <button type="submit">Allow despite the findings</button>
        </form>
      )}
    </section>
  );
}

function Findings(props: ValidationPanelProps & { findings: FindingView[] }) {
  return (
    <ul class="plain findings" role="list">
      {props.findings.map((f) => {
        const message = plainMessage(f.ruleId, f.message);
        const fields = fieldsOf(message);
        const reject = `${f.ruleId}: ${message}`.slice(0, 1000);
        return (
          <li class={`finding finding-${f.severity}`} data-rule={f.ruleId}>
            <p>
              <strong>{f.ruleId}</strong>{' '}<span class={`badge severity-${f.severity}`}>{SEVERITY[f.severity] ?? f.severity}</span>{' '}{message}
            </p>
            {fields.length > 0 && (
              <p class="finding-fields">
                {'Concerns: '}
                {fields.map((field, i) => (
                  <>
                    {i > 0 && ', '}
                    {field.anchor ? <a href={`#${field.anchor}`}>{`${field.term} ${field.label}`}</a> : `${field.term}${field.label ? ` ${field.label}` : ''}`}
                  </>
                ))}
              </p>
            )}
            {props.canReject && f.severity === 'fatal' && (
              <p class="no-print">
                <a href={`/invoices/${props.invoiceId}?${new URLSearchParams({ reason: reject, reason_code: 'LEG', ...(props.listQuery ? Object.fromEntries(new URLSearchParams(props.listQuery)) : {}) })}#status-reason`}>{`Reject because of ${f.ruleId}`}</a>
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
