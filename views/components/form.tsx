import type { PropsWithChildren } from 'hono/jsx';

export type FieldErrors = Partial<Record<string, string>>;

export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

type FieldProps = {
  name: string;
  label: string;
  value?: string;
  type?: string;
  errors?: FieldErrors;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
};

/** A labelled input with its error right beside it, tied together for screen readers. */
export function Field({ name, label, value, type = 'text', errors, autocomplete, required, hint }: FieldProps) {
  const error = errors?.[name];
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
      <input
        id={id}
        name={name}
        type={type}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        autofocus={error ? true : undefined}
      />
      {error && <p id={`${id}-error`} class="error" role="alert">{error}</p>}
    </div>
  );
}

export const FormError = ({ message }: { message?: string }) =>
  message ? <p class="form-error" role="alert">{message}</p> : null;

export const Flash = ({ message }: { message: string | null }) =>
  message ? <p class="flash" role="status">{message}</p> : null;

export const PageHeader = ({ title, children }: PropsWithChildren<{ title: string }>) => (
  <div class="page-header">
    <h1>{title}</h1>
    {children}
  </div>
);
