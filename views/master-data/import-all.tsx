import type { CompanyKey } from '../../src/master-data/company-key';
import type { ImportPreview, ImportRow } from '../../src/master-data/import';
import { KIND_SLUGS, KINDS } from '../../src/master-data/kinds';
import { CsrfField, PageHeader, type FieldErrors } from '../components/form';
import { CsvInputs, inSentence } from './import';

type Props = { csrf: string; companies: CompanyKey[]; kind?: string; kindError?: string; text?: string; preview?: ImportPreview; errors?: FieldErrors; fileChosen?: boolean };

const CHANGE = { new: 'New', update: 'Update', same: 'No change' };
const BASE = '/settings/master-data/import';

/** What the row says about Active: the value as typed when it does not read ("si" stays "si"). */
const active = (r: ImportRow) =>
  r.error && !/^(|yes|y|true|1|active|no|n|false|0|inactive)$/i.test(r.activeText) ? r.activeText : r.active ? 'yes' : 'no';

/** Step 1: choose the list and give the file. Step 2: the preview, each row with its company and result; confirm only when clean. */
export function AllCompaniesImportPage({ csrf, companies, kind, kindError, text, preview, errors, fileChosen }: Props) {
  const many = kind && KIND_SLUGS.includes(kind as never) ? inSentence(KINDS[kind as keyof typeof KINDS].many) : 'codes';
  return (
    <>
      <PageHeader title="Import master data for all companies"><a href="/settings/master-data">Back to master data</a></PageHeader>
      <form method="post" action={BASE} enctype="multipart/form-data" class="card" novalidate>
        <CsrfField token={csrf} />
        <div class={kindError ? 'field has-error' : 'field'}>
          <label for="import-kind">The file holds</label>
          <select id="import-kind" name="kind" aria-invalid={kindError ? 'true' : undefined} aria-describedby={kindError ? 'import-kind-error' : undefined}>
            {!kind && <option value="">Choose…</option>}
            {KIND_SLUGS.map((k) => <option value={k} selected={kind === k}>{KINDS[k].many}</option>)}
          </select>
          {kindError && <p id="import-kind-error" class="error" role="alert">{kindError}</p>}
        </div>
        <p class="muted">
          Columns: <code>company,code,name,active</code> (active is optional: yes/no). The company is its name, VAT number or Pagero company id,
          as in the table below. Existing codes get the new name and state; nothing is imported until every row is right.
        </p>
        <CsvInputs ids={{ file: 'csv-file', text: 'csv-text' }} text={text} errors={errors} fileChosen={fileChosen} />
        <button type="submit">Preview</button>
      </form>
      {preview && 'error' in preview && <p class="form-error" role="alert">{preview.error}</p>}
      {preview && !('error' in preview) && (
        <section class="card" aria-label="Preview">
          <h2>{preview.errorCount ? `${preview.errorCount} row${preview.errorCount === 1 ? '' : 's'} need fixing; nothing is imported until they are right` : `${preview.rows.length} ${many} ready to import`}</h2>
          <div class="table-wrap" tabindex={0}>
            <table class="wrap">
              <thead><tr><th scope="col">Line</th><th scope="col">Company</th><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Active</th><th scope="col">Result</th></tr></thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr>
                    <td>{String(r.line)}</td><td>{r.company?.name ?? r.companyText ?? ''}</td><td>{r.code}</td><td>{r.name}</td><td>{active(r)}</td>
                    <td>{r.error ? <span class="error" role="alert">{r.error}</span> : CHANGE[r.change]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.errorCount === 0 && (
            <form method="post" action={`${BASE}/confirmation`} enctype="multipart/form-data">
              <CsrfField token={csrf} />
              <input type="hidden" name="kind" value={kind ?? ''} />
              <input type="hidden" name="csv" value={text ?? ''} />
              <button type="submit" class="primary">Import these rows</button>
            </form>
          )}
        </section>
      )}
      <section class="card" aria-label="Companies">
        <h2>Companies</h2>
        {companies.length === 0 ? <p>No companies yet: they arrive with the Pagero connection.</p> : (
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead><tr><th scope="col">Name</th><th scope="col">VAT number</th><th scope="col">Pagero company id</th></tr></thead>
              <tbody>{companies.map((k) => <tr><td>{k.name}</td><td>{k.vatNumber ?? '—'}</td><td><code>{k.pageroCompanyId}</code></td></tr>)}</tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
