import type { Context } from 'hono';
import type { FieldErrors } from '../../views/components/form';
import { formFiles, readForm, type FormFields } from '../http/form';
import { hasControlCharacters } from '../security/control-characters';

export const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Beside the file input when the form comes back with a file chosen: a browser cannot put the file back, so its text is in the box. */
export const FILE_KEPT_AS_TEXT = 'A browser does not keep a chosen file when the form comes back: its text is in the box below. Send that, or choose the file again.';
const FILE_CONTROL = 'This file contains a control character (such as NUL) that apdesk cannot store. Remove it from the file and choose the file again.';

export type CsvForm = { fields: FormFields; text: string; fileChosen: boolean; invalid: FieldErrors; error?: string };

/**
 * The CSV text of an import form (an uploaded file if one was chosen, else the pasted text), the
 * form's other fields, and an error by field for a control character: in a text field (readForm's:
 * the value comes back without it) or in the file's text, which PostgreSQL could not store either.
 * The file's name is not used. `error` is a sentence for the whole text (too large).
 */
export async function csvFromForm(c: Context): Promise<CsvForm> {
  const { fields, invalid } = await readForm(c);
  const [file] = (await formFiles(c, 'file')).filter((f) => f.size > 0);
  const pasted = typeof fields.csv === 'string' ? fields.csv : '';
  if (!file) return { fields, text: pasted, fileChosen: false, invalid, ...(pasted.length > MAX_CSV_BYTES ? { error: 'The text is larger than 2 MB; split it.' } : {}) };
  if (file.size > MAX_CSV_BYTES) return { fields, text: pasted, fileChosen: true, invalid, error: 'The file is larger than 2 MB; split it.' };
  const text = new TextDecoder().decode(await file.arrayBuffer());
  if (hasControlCharacters(text)) return { fields, text: pasted, fileChosen: true, invalid: { ...invalid, file: FILE_CONTROL } };
  return { fields, text, fileChosen: true, invalid };
}
