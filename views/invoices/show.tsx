import type { AttachmentView, InvoiceDetail, LineView, PartyView, TaxView } from '../../src/invoices/queries';
import { PageHeader } from '../components/form';
import { STATUS_LABELS } from './list';

type Props = { invoice: InvoiceDetail; lines: LineView[]; taxes: TaxView[]; attachments: AttachmentView[] };

export function InvoicePage({ invoice: inv, lines, taxes, attachments }: Props) {
  const money = (v: string | null) => (v === null ? '—' : `${v} ${inv.currency ?? ''}`.trim());
  return (
    <>
      <PageHeader title={`${inv.documentType === 'credit_note' ? 'Credit note' : 'Invoice'} ${inv.invoiceNumber}`}>
        <a href="/invoices">Back to My Invoices</a>
      </PageHeader>
      {inv.duplicateOf !== null && (
        <p class="form-error" role="status">
          {'Possible duplicate of '}<a href={`/invoices/${inv.duplicateOf}`}>{`invoice ${inv.duplicateOfNumber ?? inv.duplicateOf}`}</a>
          {': same supplier VAT id, number, issue date and amount due.'}
        </p>
      )}
      <section class="card">
        <dl class="facts">
          <dt>Status</dt><dd>{STATUS_LABELS[inv.status] ?? inv.status}</dd>
          <dt>Issue date</dt><dd>{inv.issueDate}</dd>
          <dt>Due date</dt><dd>{inv.dueDate ?? '—'}</dd>
          <dt>Company</dt><dd>{inv.companyName ?? '—'}</dd>
          <dt>Received via</dt><dd>{`${inv.invScannedBy}, ${inv.receivedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`}</dd>
          <dt>Format</dt><dd>{`${inv.format.toUpperCase()}${inv.typeCode ? ` (type ${inv.typeCode})` : ''}`}</dd>
          {inv.orderReference && <><dt>Order reference</dt><dd>{inv.orderReference}</dd></>}
          {inv.buyerReference && <><dt>Buyer reference</dt><dd>{inv.buyerReference}</dd></>}
          {inv.billingReference && <><dt>Credited invoice</dt><dd>{inv.billingReference}</dd></>}
          {inv.paymentTerms && <><dt>Payment terms</dt><dd>{inv.paymentTerms}</dd></>}
          {inv.payeeIban && <><dt>Pay to (IBAN)</dt><dd>{inv.payeeIban}</dd></>}
          <dt>Original file</dt><dd><a href={`/invoices/${inv.id}/original`} hx-boost="false">{inv.originalFilename ?? 'Download'}</a></dd>
        </dl>
      </section>
      <div class="parties">
        <Party title="Supplier" party={inv.seller} />
        <Party title="Buyer" party={inv.buyer} />
      </div>
      {inv.warnings.length > 0 && (
        <section class="card" aria-label="Reader warnings">
          <h2>Warnings</h2>
          <ul>{inv.warnings.map((w) => <li>{w}</li>)}</ul>
        </section>
      )}
      <h2>Lines</h2>
      <div class="table-wrap">
        <table>
          <thead><tr><th scope="col">#</th><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Unit price</th><th scope="col">Net amount</th><th scope="col">Tax</th></tr></thead>
          <tbody>
            {lines.map((l) => (
              <tr>
                <td>{l.lineNumber ?? ''}</td>
                <td>{l.name ?? l.description ?? '—'}{l.sellerItemId && <small class="muted">{` ${l.sellerItemId}`}</small>}</td>
                <td>{`${l.quantity ?? ''} ${l.unitCode ?? ''}`.trim()}</td>
                <td>{l.unitPrice ?? ''}</td>
                <td>{money(l.netAmount)}</td>
                <td>{[l.taxCategory, l.taxRate && `${l.taxRate} %`].filter(Boolean).join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="parties">
        <section class="card">
          <h2>Tax breakdown</h2>
          <table>
            <thead><tr><th scope="col">Category</th><th scope="col">Rate</th><th scope="col">Taxable</th><th scope="col">Tax</th></tr></thead>
            <tbody>{taxes.map((t) => <tr><td>{t.category ?? ''}</td><td>{t.rate ? `${t.rate} %` : ''}</td><td>{money(t.taxableAmount)}</td><td>{money(t.taxAmount)}</td></tr>)}</tbody>
          </table>
        </section>
        <section class="card">
          <h2>Totals</h2>
          <dl class="facts">
            {TOTAL_LABELS.map(([key, label]) => inv.totals[key] !== null && <><dt>{label}</dt><dd>{money(inv.totals[key])}</dd></>)}
          </dl>
        </section>
      </div>
      {attachments.length > 0 && (
        <section class="card">
          <h2>Attachments</h2>
          <ul>
            {attachments.map((a) => (
              <li><a href={`/invoices/${inv.id}/attachments/${a.id}`} hx-boost="false">{a.filename ?? `attachment ${a.id}`}</a>{` (${a.mimeType ?? 'unknown type'}, ${a.sizeBytes} bytes)`}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

const TOTAL_LABELS = [
  ['lineNet', 'Sum of lines'], ['allowances', 'Allowances'], ['charges', 'Charges'], ['taxExclusive', 'Total without tax'],
  ['tax', 'Tax'], ['taxInclusive', 'Total with tax'], ['prepaid', 'Paid in advance'], ['rounding', 'Rounding'],
  ['withholding', 'Withholding'], ['payable', 'Amount due'],
] as const;

function Party({ title, party }: { title: string; party: PartyView }) {
  const address = party.address ? [party.address.street, party.address.additionalStreet, [party.address.postalCode, party.address.city].filter(Boolean).join(' '), party.address.region, party.address.country].filter(Boolean) : [];
  return (
    <section class="card">
      <h2>{title}</h2>
      <p><strong>{party.name ?? party.tradingName ?? '—'}</strong>{party.tradingName && party.name && <><br />{party.tradingName}</>}</p>
      {address.length > 0 && <p>{address.map((line, i) => <>{i > 0 && <br />}{line}</>)}</p>}
      <dl class="facts">
        {party.vatId && <><dt>VAT id</dt><dd>{party.vatId}</dd></>}
        {party.endpointId && <><dt>Electronic address</dt><dd>{party.endpointId}</dd></>}
      </dl>
    </section>
  );
}
