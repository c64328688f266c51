import type { Context } from 'hono';
import * as v from 'valibot';
import type { FieldErrors } from '../../views/components/form';

export async function formFields(c: Context): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((x): x is string => typeof x === 'string');
  }
  return out;
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

