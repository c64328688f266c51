import type { InvoiceDetail, LineView, PartyView, TaxView } from '../../src/invoices/queries';
import { formatDate, formatDateTime, formatNumber } from '../../src/format/numbers';
import { Money, moneyText } from './money';

export const moneyOf = (currency: string | null) => (v: string | null) => moneyText(v, currency);

/** The supplier's header fields and references, read-only. */
export function InvoiceFacts({ invoice: inv, creditedId }: { invoice: InvoiceDetail; creditedId: number | null }) {
  return (
    <section class="card" id="invoice-facts" aria-label="Invoice details">
      <dl class="facts">
        <dt>Issue date</dt><dd>{formatDate(inv.issueDate)}</dd>
        <dt>Due date</dt><dd>{formatDate(inv.dueDate)}</dd>
        <dt>Currency</dt><dd>{inv.currency ?? '—'}</dd>
        <dt>Company</dt><dd>{inv.companyName ?? '—'}</dd>
        <dt>Document group</dt><dd>{inv.groupName ?? 'Unassigned'}</dd>
        <dt>Received via</dt><dd>{`${inv.invScannedBy}, ${formatDateTime(inv.receivedAt)}`}</dd>
        <dt>Format</dt><dd>{`${inv.format.toUpperCase()}${inv.typeCode ? ` (type ${inv.typeCode})` : ''}`}</dd>
        <dt>Order reference</dt><dd><span class="id">{inv.orderReference ?? '—'}</span></dd>
        <dt>Buyer reference</dt><dd><span class="id">{inv.buyerReference ?? '—'}</span></dd>
        {inv.billingReference && <><dt>Credited invoice</dt><dd>{creditedId ? <a href={`/invoices/${creditedId}`}>{inv.billingReference}</a> : inv.billingReference}</dd></>}
        <dt>Payment terms</dt><dd>{inv.paymentTerms ?? '—'}</dd>
        <dt>Pay to (IBAN)</dt><dd><span class="id">{inv.payeeIban ?? '—'}</span></dd>
        <dt>Original file</dt><dd><a href={`/invoices/${inv.id}/original`} hx-boost="false">{inv.originalFilename ?? 'Download'}</a></dd>
      </dl>
    </section>
  );
}

export function Party({ title, party }: { title: string; party: PartyView }) {
  return (
    <section class="card" id={`party-${title.toLowerCase()}`}>
      <h2>{title}</h2>
      <p><strong>{party.name ?? party.tradingName ?? '—'}</strong>{party.tradingName && party.name && <><br />{party.tradingName}</>}</p>
      <Address party={party} />
      <dl class="facts">
        {party.vatId && <><dt>VAT id</dt><dd><span class="id">{party.vatId}</span></dd></>}
        {party.endpointId && <><dt>Electronic address</dt><dd><span class="id">{party.endpointId}</span></dd></>}
      </dl>
    </section>
  );
}

export function Address({ party }: { party: PartyView }) {
  const a = party.address;
  const lines = a ? [a.street, a.additionalStreet, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country ?? party.country].filter(Boolean) : [];
  return lines.length > 0 ? <p>{lines.map((line, i) => <>{i > 0 && <br />}{line}</>)}</p> : null;
}

export function Lines({ lines, currency }: { lines: LineView[]; currency: string | null }) {
  return (
    <div class="table-wrap" id="invoice-lines" role="region" aria-label="Lines" tabindex={0}>
      <table class="lines">
        <thead><tr><th scope="col">#</th><th scope="col">Item</th><th scope="col" class="amount">Quantity</th><th scope="col" class="amount">Unit price</th><th scope="col" class="amount">Net amount</th><th scope="col">Tax</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <td>{l.lineNumber ?? ''}</td>
              <td class="item">{l.name ?? l.description ?? '—'}{l.sellerItemId && <small class="muted">{` ${l.sellerItemId}`}</small>}</td>
              <td class="amount"><span class="num">{`${formatNumber(l.quantity)} ${l.unitCode ?? ''}`.trim()}</span></td>
              <td class="amount">{l.unitPrice === null ? '' : <Money value={l.unitPrice} currency={null} />}</td>
              <td class="amount"><Money value={l.netAmount} currency={currency} /></td>
              <td class="nowrap">{[l.taxCategory, l.taxRate && `${formatNumber(l.taxRate)} %`].filter(Boolean).join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const TOTAL_LABELS = [
  ['lineNet', 'Sum of lines'], ['allowances', 'Allowances'], ['charges', 'Charges'], ['taxExclusive', 'Total without tax'],
  ['tax', 'Tax'], ['taxInclusive', 'Total with tax'], ['prepaid', 'Paid in advance'], ['rounding', 'Rounding'],
  ['withholding', 'Withholding'], ['payable', 'Amount due'],
] as const;

export function TaxAndTotals({ invoice: inv, taxes }: { invoice: InvoiceDetail; taxes: TaxView[] }) {
  return (
    <div class="totals-grid">
      <section class="card" id="tax-breakdown">
        <h2>Tax breakdown</h2>
        <div class="table-wrap" tabindex={0} role="region" aria-label="Tax breakdown">
          <table>
            <thead><tr><th scope="col">Category</th><th scope="col">Rate</th><th scope="col" class="amount">Taxable</th><th scope="col" class="amount">Tax</th></tr></thead>
            <tbody>{taxes.map((t) => <tr><td>{t.category ?? ''}</td><td class="nowrap">{t.rate ? `${formatNumber(t.rate)} %` : ''}</td><td class="amount"><Money value={t.taxableAmount} currency={inv.currency} /></td><td class="amount"><Money value={t.taxAmount} currency={inv.currency} /></td></tr>)}</tbody>
          </table>
        </div>
      </section>
      <section class="card" id="invoice-totals">
        <h2>Totals</h2>
        <dl class="facts totals">{TOTAL_LABELS.map(([key, label]) => inv.totals[key] !== null && <div id={`total-${key}`} class="fact"><dt>{label}</dt><dd class="amount"><Money value={inv.totals[key]} currency={inv.currency} /></dd></div>)}</dl>
      </section>
    </div>
  );
}
