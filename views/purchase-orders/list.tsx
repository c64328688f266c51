import type { Company } from '../../src/master-data/queries';
import type { PoDetail, PoListRow } from '../../src/purchase-orders/queries';
import { formatNumber as n } from '../../src/format/numbers';
import { Flash, PageHeader } from '../components/form';
import { formatDate } from '../../src/format/numbers';
import { Day } from '../components/when';

export function PurchaseOrdersPage({ rows, companies, companyId, canImport, flash }: { rows: PoListRow[]; companies: Company[]; companyId: number | null; canImport: boolean; flash: string | null }) {
  return (
    <>
      <PageHeader title="Purchase orders">{canImport && <a class="button" href="/purchase-orders/import">Import CSV</a>}</PageHeader>
      <Flash message={flash} />
      <form method="get" action="/purchase-orders" class="card">
        <label for="po-company">Company</label>{' '}
        <select id="po-company" name="company">
          <option value="">All</option>
          {companies.map((c) => <option value={String(c.id)} selected={c.id === companyId}>{c.name}</option>)}
        </select>{' '}
        <button type="submit">Show</button>
      </form>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead><tr><th scope="col">PO</th><th scope="col">Company</th><th scope="col">Supplier</th><th scope="col">Order date</th><th scope="col">Lines</th></tr></thead>
          <tbody>
            {rows.length === 0 && <tr><td colspan={5}>No purchase orders yet.</td></tr>}
            {rows.map((r) => (
              <tr><td><a href={`/purchase-orders/${r.id}`}>{r.poNumber}</a></td><td>{r.companyName}</td><td>{r.supplierName ?? r.supplierVatId ?? '—'}</td><td><Day date={r.orderDate} /></td><td>{String(r.lineCount)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function PurchaseOrderPage({ po }: { po: PoDetail }) {
  return (
    <>
      <PageHeader title={`Purchase order ${po.poNumber}`}><a href="/purchase-orders">All purchase orders</a></PageHeader>
      <p>{`${po.companyName} · ${po.supplierName ?? ''} ${po.supplierVatId ?? ''} · ${po.orderDate ? formatDate(po.orderDate) : ''} ${po.currency ?? ''}`}</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead><tr><th scope="col">Line</th><th scope="col">Item</th><th scope="col">Description</th><th scope="col" class="amount">Ordered</th><th scope="col" class="amount">Unit price</th><th scope="col" class="amount">Tax %</th><th scope="col" class="amount">Received</th><th scope="col" class="amount">Invoiced</th><th scope="col" class="amount">Remaining</th></tr></thead>
          <tbody>
            {po.lines.map((l) => (
              <tr><td>{l.lineNumber}</td><td>{l.itemId ?? ''}</td><td>{l.description ?? ''}</td><td class="amount">{n(l.quantity)}</td><td class="amount">{n(l.unitPrice)}</td><td class="amount">{n(l.taxRate)}</td><td class="amount">{n(l.received)}</td><td class="amount">{n(l.invoiced)}</td><td class="amount">{n(l.remaining)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
