import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { FieldErrors } from '../../views/components/form';
import { controlCharacterFields, FIELD_MESSAGE, hasControlCharacters, sentence, withoutControlCharacters } from '../security/control-characters';

export type FormFields = Record<string, string | string[]>;

/**
 * The form's text fields. A field holding a control character is refused here with the guard's
 * 422 sentence (src/security/control-characters.ts): a route that wants it shown beside the field
 * reads the form with readForm or parseForm instead.
 */
export async function formFields(c: Context): Promise<FormFields> {
  const [bad] = controlCharacterFields(c.req.raw);
  if (bad !== undefined) throw new HTTPException(422, { message: sentence(`The field “${bad.slice(0, 60)}”`) });
  return textFields(c);
}

async function textFields(c: Context): Promise<FormFields> {
  const body = await c.req.parseBody({ all: true });
  const out: FormFields = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * A control character in a field the form does not show (a hidden field, or a name no form sends)
 * can only come from a forged request: refused with the guard's 422 sentence, as formFields does.
 */
export function refuseUnshown(invalid: FieldErrors, shown: readonly string[]) {
  const unshown = Object.keys(invalid).find((key) => !shown.includes(key));
  if (unshown !== undefined) throw new HTTPException(422, { message: sentence(`The field “${unshown.slice(0, 60)}”`) });
}

/** The files a multipart form carries under `name`; an empty file input sends one nameless empty file, left out. */
export async function formFiles(c: Context, name: string): Promise<File[]> {
  const body = await c.req.parseBody({ all: true });
  return [body[name] ?? []].flat().filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
}

/** Valibot's check of every form field for control characters, the error keyed by the field's name. */
const NoControlCharacters = v.record(
  v.string(),
  v.custom<string | string[]>((value) => ![value].flat().some((x) => typeof x === 'string' && hasControlCharacters(x)), FIELD_MESSAGE),
);

/**
 * The form's fields with control characters taken out (to show back), and an error for each field
 * that held one. The route must not save a form with `invalid` errors: it shows them beside the fields.
 */
export async function readForm(c: Context): Promise<{ fields: FormFields; invalid: FieldErrors }> {
  const raw = await textFields(c);
  const checked = v.safeParse(NoControlCharacters, raw);
  if (checked.success) return { fields: raw, invalid: {} };
  const fields = Object.fromEntries(
    Object.entries(raw).map(([k, x]) => [k, Array.isArray(x) ? x.map(withoutControlCharacters) : withoutControlCharacters(x)]),
  );
  return { fields, invalid: fieldErrors(checked.issues) };
}

export type ParsedForm<T> = { fields: FormFields; ok: true; output: T } | { fields: FormFields; ok: false; errors: FieldErrors };

/** readForm, then the route's schema: its output, or the errors of both by field for showing beside the fields. */
export async function parseForm<S extends v.GenericSchema>(c: Context, schema: S): Promise<ParsedForm<v.InferOutput<S>>> {
  const { fields, invalid } = await readForm(c);
  const parsed = v.safeParse(schema, fields);
  if (parsed.success && Object.keys(invalid).length === 0) return { fields, ok: true, output: parsed.output };
  return { fields, ok: false, errors: { ...(parsed.success ? {} : fieldErrors(parsed.issues)), ...invalid } };
}

/**
 * Valibot issues → the first message per field, for rendering next to each input. Our schemas
 * word their own checks; valibot's built-in text ("Invalid key: Expected \"currentPassword\" but
 * received undefined") appears only when a field is missing or sent in a shape no form sends,
 * and becomes a sentence here.
 */
export function fieldErrors(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = v.getDotPath(issue);
    if (!key || errors[key]) continue;
    errors[key] = readable(issue);
  }
  return errors;
}

function readable(issue: v.BaseIssue<unknown>): string {
  if (!/^Invalid (key|type|length|value): /.test(issue.message)) return issue.message;
  if (issue.input === undefined) return 'Fill in this field; it was missing from the form.';
  if (Array.isArray(issue.input)) return 'Give one value here; the form sent several.';
  return 'This value is not one apdesk can take here; check it and send the form again.';
}

