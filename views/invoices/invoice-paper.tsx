import type { InvoiceDetail, LineView, TaxView } from '../../src/invoices/queries';
import { Address, TOTAL_LABELS } from './invoice-data';
import { formatNumber } from '../../src/format/numbers';
import { Money } from './money';
import { Day } from '../components/when';

type Props = { invoice: InvoiceDetail; lines: LineView[]; taxes: TaxView[] };

/** The e-invoice's data laid out as a printable invoice, for invoices that came without a PDF. */
export function InvoicePaper({ invoice: inv, lines, taxes }: Props) {
  return (
    <article class="paper" aria-label="The e-invoice as a document">
      <header>
        <div>
          <strong>{inv.seller.name ?? inv.seller.tradingName ?? '—'}</strong>
          <Address party={inv.seller} />
          {inv.seller.vatId && <p>{`VAT ${inv.seller.vatId}`}</p>}
        </div>
        <div>
          <h2>{inv.documentType === 'credit_note' ? 'Credit note' : 'Invoice'}</h2>
          <dl class="facts">
            <dt>Number</dt><dd>{inv.invoiceNumber}</dd>
            <dt>Date</dt><dd><Day date={inv.issueDate} /></dd>
            {inv.dueDate && <><dt>Due</dt><dd><Day date={inv.dueDate} /></dd></>}
            {inv.orderReference && <><dt>Your order</dt><dd>{inv.orderReference}</dd></>}
            {inv.buyerReference && <><dt>Your reference</dt><dd>{inv.buyerReference}</dd></>}
            {inv.billingReference && <><dt>Credits invoice</dt><dd>{inv.billingReference}</dd></>}
          </dl>
        </div>
      </header>
      <p><small class="muted">Bill to</small><br /><strong>{inv.buyer.name ?? inv.buyer.tradingName ?? '—'}</strong></p>
      <Address party={inv.buyer} />
      {inv.buyer.vatId && <p>{`VAT ${inv.buyer.vatId}`}</p>}
      <table>
        <thead><tr><th scope="col">Description</th><th scope="col" class="amount">Qty</th><th scope="col" class="amount">Price</th><th scope="col" class="amount">VAT</th><th scope="col" class="amount">Amount</th></tr></thead>
        <tbody>
          {lines.map((l) => (
            <tr><td>{l.name ?? l.description ?? '—'}</td><td class="amount">{`${formatNumber(l.quantity)} ${l.unitCode ?? ''}`.trim()}</td><td class="amount">{l.unitPrice === null ? '' : <Money value={l.unitPrice} currency={null} />}</td><td class="amount">{l.taxRate ? `${formatNumber(l.taxRate)} %` : (l.taxCategory ?? '')}</td><td class="amount">{l.netAmount === null ? '' : <Money value={l.netAmount} currency={null} />}</td></tr>
          ))}
        </tbody>
      </table>
      <table class="totals">
        <tbody>
          {taxes.map((t) => <tr><td>{`VAT ${formatNumber(t.rate)} % on `}<Money value={t.taxableAmount} currency={null} /></td><td class="amount"><Money value={t.taxAmount} currency={null} /></td></tr>)}
          {TOTAL_LABELS.map(([key, label]) => inv.totals[key] !== null && <tr><th scope="row">{label}</th><td class="amount"><Money value={inv.totals[key]} currency={inv.currency} /></td></tr>)}
        </tbody>
      </table>
      {(inv.paymentTerms || inv.payeeIban) && <p>{[inv.paymentTerms, inv.payeeIban && `Pay to IBAN ${inv.payeeIban}`].filter(Boolean).join(' · ')}</p>}
    </article>
  );
}
