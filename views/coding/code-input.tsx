import type { CodeEntry, Field } from '../../src/coding/codes';
import { FIELD_LABELS, FIELDS } from '../../src/coding/codes';
import type { CodeOptions } from '../../src/coding/page-data';

/** One datalist per kind, so every code input on the page searches the company's active codes. */
export const CodeDatalists = ({ options }: { options: CodeOptions }) => (
  <>
    {FIELDS.map((f) => (
      <datalist id={`codes-${f}`}>
        {options[f].map((c: CodeEntry) => <option value={c.code}>{c.name}</option>)}
      </datalist>
    ))}
  </>
);

type Props = { field: Field; name?: string; id: string; value: string; error?: string; label?: boolean; form?: string };

/** A searchable code input (typing filters the datalist) with its error beside it. */
export function CodeInput({ field, name = field, id, value, error, label = true, form }: Props) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id} class={label ? undefined : 'visually-hidden'} style={label ? undefined : 'position:absolute;left:-9999px'}>{FIELD_LABELS[field]}</label>
      <input id={id} name={name} type="text" list={`codes-${field}`} value={value} autocomplete="off" size={12} form={form}
        aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error && <p id={`${id}-error`} class="error" role="alert">{error}</p>}
    </div>
  );
}
