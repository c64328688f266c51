import type { Company } from '../../src/master-data/queries';
import type { PreviewRow } from '../../src/purchase-orders/csv-import';
import { CsrfField, PageHeader, type FieldErrors } from '../components/form';
import { CsvInputs } from '../master-data/import';

export type PoImportPreview = { rows: PreviewRow[]; errorCount: number; items: number } | { error: string };
type Props = { csrf: string; companies: Company[]; values: { company?: string; type?: string; csv?: string }; preview?: PoImportPreview; companyError?: string; errors?: FieldErrors; fileChosen?: boolean };

export function PoImportPage({ csrf, companies, values, preview, companyError, errors = {}, fileChosen }: Props) {
  return (
    <>
      <PageHeader title="Import purchase orders or goods receipts"><a href="/purchase-orders">Back to purchase orders</a></PageHeader>
      <form method="post" action="/purchase-orders/import" enctype="multipart/form-data" class="card">
        <CsrfField token={csrf} />
        <div class={companyError ? 'field has-error' : 'field'}>
          <label for="imp-company">Company</label>
          <select id="imp-company" name="company" aria-invalid={companyError ? 'true' : undefined} aria-describedby={companyError ? 'imp-company-error' : undefined}>
            <option value="">Choose…</option>
            {companies.map((c) => <option value={String(c.id)} selected={values.company === String(c.id)}>{c.name}</option>)}
          </select>
          {companyError && <p id="imp-company-error" class="error" role="alert">{companyError}</p>}
        </div>
        <fieldset class={errors.type ? 'field has-error' : 'field'} aria-describedby={errors.type ? 'imp-type-error' : undefined}>
          <legend>The file holds</legend>
          {errors.type && <p id="imp-type-error" class="error" role="alert">{errors.type}</p>}
          <label class="check"><input type="radio" name="type" value="orders" checked={values.type !== 'receipts'} /> Purchase orders: <code>po_number,supplier_vat_id,supplier_name,currency,order_date,line_number,item_id,description,quantity,unit_price,tax_rate</code></label>
          <label class="check"><input type="radio" name="type" value="receipts" checked={values.type === 'receipts'} /> Goods receipts: <code>receipt_number,po_number,received_on,line_number,quantity</code></label>
        </fieldset>
        <CsvInputs ids={{ file: 'imp-file', text: 'imp-csv' }} text={values.csv} errors={errors} fileChosen={fileChosen} />
        <button type="submit">Preview</button>
      </form>
      {preview && 'error' in preview && <p class="form-error" role="alert">{preview.error}</p>}
      {preview && !('error' in preview) && (
        <section class="card" aria-label="Preview">
          <h2>{preview.errorCount ? `${preview.errorCount} row${preview.errorCount === 1 ? '' : 's'} need fixing` : `${preview.items} ${values.type === 'receipts' ? 'receipts' : 'purchase orders'} ready to import`}</h2>
          <table class="wrap">
            <thead><tr><th scope="col">Line</th><th scope="col">Number</th><th scope="col">Line number</th><th scope="col">Content</th><th scope="col">Result</th></tr></thead>
            <tbody>
              {preview.rows.map((r) => <tr><td>{String(r.line)}</td><td>{r.number}</td><td>{r.lineNumber}</td><td>{r.summary}</td><td>{r.error ? <span class="error" role="alert">{r.error}</span> : 'OK'}</td></tr>)}
            </tbody>
          </table>
          {preview.errorCount === 0 && (
            <form method="post" action="/purchase-orders/import/confirmation">
              <CsrfField token={csrf} />
              <input type="hidden" name="company" value={values.company ?? ''} />
              <input type="hidden" name="type" value={values.type ?? 'orders'} />
              <input type="hidden" name="csv" value={values.csv ?? ''} />
              <button type="submit" class="primary">Import</button>
            </form>
          )}
        </section>
      )}
    </>
  );
}
