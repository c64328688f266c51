import type { Delegation } from '../../src/approvals/delegation';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { formatDate } from '../../src/format/numbers';

type Props = {
  csrf: string;
  flash: string | null;
  current: Delegation | null;
  colleagues: { id: number; name: string; email: string }[];
  values: { starts_on?: string; ends_on?: string; delegate_id?: string };
  errors?: FieldErrors;
};

/** Out of office: while away, the steps that wait for me go to my delegate, recorded as "on behalf of" me. */
export function OutOfOfficePage({ csrf, flash, current, colleagues, values, errors = {} }: Props) {
  const error = errors.delegate_id;
  return (
    <>
      <PageHeader title="Out of office"><a href="/approvals">Back to Approvals</a></PageHeader>
      <Flash message={flash} />
      {current && (
        <form method="post" action="/approvals/out-of-office/deletion" class="card">
          <CsrfField token={csrf} />
          <p>{`From ${formatDate(current.startsOn)} to ${formatDate(current.endsOn)} ${current.delegateName} approves for you${current.current ? ' (now)' : ''}.`}</p>
          <button type="submit">I am back: end it</button>
        </form>
      )}
      <form method="post" action="/approvals/out-of-office" class="card">
        <CsrfField token={csrf} />
        <p class="muted">While you are away, approval steps that wait for you go to your delegate; their approval is recorded on your behalf.</p>
        <Field name="starts_on" label="First day away" type="date" value={values.starts_on} errors={errors} required />
        <Field name="ends_on" label="Last day away" type="date" value={values.ends_on} errors={errors} required />
        <div class={error ? 'field has-error' : 'field'}>
          <label for="field-delegate_id">Delegate</label>
          <select id="field-delegate_id" name="delegate_id" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'field-delegate_id-error' : undefined}>
            <option value="">Choose…</option>
            {colleagues.map((u) => <option value={String(u.id)} selected={String(u.id) === values.delegate_id}>{`${u.name} (${u.email})`}</option>)}
          </select>
          {error && <p id="field-delegate_id-error" class="error" role="alert">{error}</p>}
        </div>
        <button type="submit" class="primary">Save</button>
      </form>
    </>
  );
}
