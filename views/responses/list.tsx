import { responseLabel } from '../../src/responses/codes';
import type { OpenResponse } from '../../src/responses/page-data';
import { PageHeader } from '../components/form';
import { problemText } from './panel';
import { When } from '../components/when';

/** Responses not yet delivered, those that need a person first. */
export function OpenResponsesPage({ rows }: { rows: OpenResponse[] }) {
  return (
    <>
      <PageHeader title="Responses waiting or failed" />
      {rows.length === 0 ? <p class="muted">Every response has been delivered.</p> : (
        <div class="table-wrap">
          <table>
            <thead><tr><th>Invoice</th><th>Supplier</th><th>Response</th><th>State</th><th>Decided</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td><a href={`/invoices/${r.invoiceId}`}>{r.invoiceNumber}</a></td>
                  <td>{r.sellerName ?? ''}</td>
                  <td>{`${responseLabel(r.responseCode)} (${r.responseCode})`}</td>
                  <td>{problemText(r) ?? r.state.replace(/_/g, ' ')}</td>
                  <td><When at={r.decidedAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
