import type { ImportPreview, ImportRow } from '../../src/master-data/import';
import type { Kind } from '../../src/master-data/kinds';
import type { Company } from '../../src/master-data/queries';
import { CsrfField, PageHeader } from '../components/form';

type Props = { company: Company; kind: Kind; action: string; csrf: string; text?: string; preview?: ImportPreview };

const CHANGE = { new: 'New', update: 'Update', same: 'No change' };

/** What the row says about Active: the value as typed when it does not read ("si" stays "si", never a made-up "yes"). */
const active = (r: ImportRow) =>
  r.error && !/^(|yes|y|true|1|active|no|n|false|0|inactive)$/i.test(r.activeText) ? r.activeText : r.active ? 'yes' : 'no';

/** "GL accounts", "cost centres": lower case in a sentence, acronyms kept. */
export const inSentence = (words: string) => words.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());

/** Step 1: paste or upload the CSV. Step 2: the preview, one row each, errors beside their row; confirm only when clean. */
export function CodesImportPage({ company, kind, action, csrf, text, preview }: Props) {
  return (
    <>
      <PageHeader title={`Import ${inSentence(kind.many)}: ${company.name}`}><a href={action.replace(/\/import$/, '')}>Back to {inSentence(kind.many)}</a></PageHeader>
      <form method="post" action={action} enctype="multipart/form-data" class="card">
        <CsrfField token={csrf} />
        <p class="muted">Columns: <code>code,name,active</code> (active is optional: yes/no). Existing codes get the new name and state.</p>
        <div class="field"><label for="csv-file">CSV file</label><input id="csv-file" type="file" name="file" accept=".csv,text/csv" /></div>
        <div class="field"><label for="csv-text">…or paste it</label><textarea id="csv-text" name="csv" rows={8} cols={70}>{text ?? ''}</textarea></div>
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
