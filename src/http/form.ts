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

/** Valibot issues → the first message per field, for rendering next to each input. */
export function fieldErrors(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): FieldErrors {
  const nested = v.flatten(issues).nested ?? {};
  const errors: FieldErrors = {};
  for (const [key, messages] of Object.entries(nested)) if (messages?.[0]) errors[key] = messages[0];
  return errors;
}

