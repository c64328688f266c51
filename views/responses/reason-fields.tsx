import { ACTION_CODES, REASON_CODES } from '../../src/responses/codes';

type Props = {
  idPrefix: string;
  values?: { reason_code?: string; action_code?: string };
  errors?: { reason_code?: string; action_code?: string };
};

/** Peppol's reason (OPStatusReason) and, optionally, what the supplier should do (OPStatusAction), for hold and reject. */
export function ReasonCodeFields({ idPrefix, values = {}, errors = {} }: Props) {
  const field = (name: 'reason_code' | 'action_code', label: string, options: Record<string, string>, empty: string) => {
    const id = `${idPrefix}-${name.replace('_', '-')}`;
    const error = errors[name];
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={id}>{label}</label>
        <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
          <option value="">{empty}</option>
          {Object.entries(options).map(([code, text]) => <option value={code} selected={values[name] === code}>{text}</option>)}
        </select>
        {error && <p id={`${id}-error`} class="error" role="alert">{error}</p>}
      </div>
    );
  };
  return (
    <>
      {field('reason_code', 'What is wrong', REASON_CODES, 'Choose…')}
      {field('action_code', 'What the supplier should do', ACTION_CODES, 'Nothing specific')}
    </>
  );
}
