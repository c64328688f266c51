import { TRIGGERS, type CompanySettings } from '../../src/responses/settings';
import { CsrfField, Flash, PageHeader } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

type Props = { companies: CompanySettings[]; csrf: string; flash: string | null };

/** Settings → E-invoicing → Responses: which decisions answer the supplier, per company. */
export function ResponseSettingsPage({ companies, csrf, flash }: Props) {
  return (
    <>
      <PageHeader title="Responses to suppliers"><a href="/settings/einvoicing">Back to E-invoicing</a></PageHeader>
      <Flash message={flash} />
      <p class="muted">
        apdesk tells the supplier about these decisions with a Peppol Invoice Response sent through Pagero. Only invoices that arrived
        through Pagero are answered; uploads never are. A rejection or hold always carries the reason the clerk chose.
      </p>
      {companies.length === 0 && <p>No Pagero company is known yet. Connect through E-invoicing Login first.</p>}
      {companies.map((co) => (
        <form method="post" action={`/settings/einvoicing/responses/${co.companyId}`} class="card" aria-label={`Responses of ${co.name}`}>
          <CsrfField token={csrf} />
          <fieldset>
            <legend><strong>{co.name}</strong></legend>
            {TRIGGERS.map((t) => (
              <label class="check">
                <input type="checkbox" name={t.key} value="on" checked={co.settings[t.key]} />
                {`${t.label} → ${t.code}`}
              </label>
            ))}
          </fieldset>
          <p class="muted">{co.updatedAt ? `Saved ${formatDateTime(co.updatedAt)}${co.updatedBy ? ` by ${co.updatedBy}` : ''}.` : 'The defaults.'}</p>
          <button type="submit">Save</button>
        </form>
      ))}
    </>
  );
}
