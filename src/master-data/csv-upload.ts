import type { Context } from 'hono';

export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** The CSV text of a form: an uploaded file if one was chosen, else the pasted text. */
export async function csvFromForm(c: Context): Promise<{ text: string; fields: Record<string, unknown> } | { error: string }> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) return { error: 'The file is larger than 2 MB; split it.' };
    return { text: new TextDecoder().decode(await file.arrayBuffer()), fields: body };
  }
  const text = typeof body.csv === 'string' ? body.csv : '';
  if (text.length > MAX_CSV_BYTES) return { error: 'The text is larger than 2 MB; split it.' };
  return { text, fields: body };
}
