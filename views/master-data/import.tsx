import type { ImportPreview, ImportRow } from '../../src/master-data/import';
import type { Kind } from '../../src/master-data/kinds';
import type { Company } from '../../src/master-data/queries';
import { FILE_KEPT_AS_TEXT } from '../../src/master-data/csv-upload';
import { CsrfField, PageHeader, type FieldErrors } from '../components/form';

type Props = { company: Company; kind: Kind; action: string; csrf: string; text?: string; preview?: ImportPreview; errors?: FieldErrors; fileChosen?: boolean };

/**
 * The CSV file input and the box to paste it in, each with its error beside it. When the form comes
 * back with a file chosen, the file's text is in the box (a browser cannot keep the chosen file): said beside the file input.
 */
export function CsvInputs({ ids, text, errors = {}, fileChosen = false }: { ids: { file: string; text: string }; text?: string; errors?: FieldErrors; fileChosen?: boolean }) {
  const note = fileChosen && !errors.file && Object.keys(errors).length > 0 ? FILE_KEPT_AS_TEXT : undefined;
  const described = (id: string, error?: string, extra?: string) => [extra && `${id}-note`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <div class={errors.file ? 'field has-error' : 'field'}>
        <label for={ids.file}>CSV file</label>
        <input id={ids.file} type="file" name="file" accept=".csv,text/csv" aria-invalid={errors.file ? 'true' : undefined} aria-describedby={described(ids.file, errors.file, note)} />
        {note && <small id={`${ids.file}-note`} class="hint" role="status">{note}</small>}
        {errors.file && <p id={`${ids.file}-error`} class="error" role="alert">{errors.file}</p>}
      </div>
      <div class={errors.csv ? 'field has-error' : 'field'}>
        <label for={ids.text}>…or paste it</label>
        <textarea id={ids.text} name="csv" rows={8} cols={70} aria-invalid={errors.csv ? 'true' : undefined} aria-describedby={described(ids.text, errors.csv)}>{text ?? ''}</textarea>
        {errors.csv && <p id={`${ids.text}-error`} class="error" role="alert">{errors.csv}</p>}
      </div>
    </>
  );
}

const CHANGE = { new: 'New', update: 'Update', same: 'No change' };

/** What the row says about Active: the value as typed when it does not read ("si" stays "si", never a made-up "yes"). */
const active = (r: ImportRow) =>
  r.error && !/^(|yes|y|true|1|active|no|n|false|0|inactive)$/i.test(r.activeText) ? r.activeText : r.active ? 'yes' : 'no';

/** "GL accounts", "cost centres": lower case in a sentence, acronyms kept. */
export const inSentence = (words: string) => words.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());

/** Step 1: paste or upload the CSV. Step 2: the preview, one row each, errors beside their row; confirm only when clean. */
export function CodesImportPage({ company, kind, action, csrf, text, preview, errors, fileChosen }: Props) {
  return (
    <>
      <PageHeader title={`Import ${inSentence(kind.many)}: ${company.name}`}><a href={action.replace(/\/import$/, '')}>Back to {inSentence(kind.many)}</a></PageHeader>
      <form method="post" action={action} enctype="multipart/form-data" class="card">
        <CsrfField token={csrf} />
        <p class="muted">Columns: <code>code,name,active</code> (active is optional: yes/no). Existing codes get the new name and state.</p>
        <CsvInputs ids={{ file: 'csv-file', text: 'csv-text' }} text={text} errors={errors} fileChosen={fileChosen} />
        <button type="submit">Preview</button>
      </form>
      {preview && 'error' in preview && <p class="form-error" role="alert">{preview.error}</p>}
      {preview && !('error' in preview) && (
        <section class="card" aria-label="Preview">
          <h2>{preview.errorCount ? `${preview.errorCount} row${preview.errorCount === 1 ? '' : 's'} need fixing` : `${preview.rows.length} rows ready to import`}</h2>
          <table class="wrap">
            <thead><tr><th scope="col">Line</th><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Active</th><th scope="col">Result</th></tr></thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr>
                  <td>{String(r.line)}</td><td>{r.code}</td><td>{r.name}</td><td>{active(r)}</td>
                  <td>{r.error ? <span class="error" role="alert">{r.error}</span> : CHANGE[r.change]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errorCount === 0 && (
            <form method="post" action={`${action}/confirmation`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="csv" value={text ?? ''} />
              <button type="submit" class="primary">Import these rows</button>
            </form>
          )}
        </section>
      )}
    </>
  );
}
