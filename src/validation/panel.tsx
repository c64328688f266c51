/* The Validation panel as the invoice page shows it, and what decides who sees which of its forms. */
import { ValidationPanel } from '../../views/validation/panel';
import { hasRole } from '../auth/roles';
import type { CurrentUser } from '../http/context';
import type { InvoiceDetail } from '../invoices/queries';
import { actionsFor } from '../invoices/transitions';
import type { ValidationView } from './page-data';
import { OVERRIDE_REASON_MAX } from './service';

export const mayRecheck = (user: CurrentUser) => (['ap_specialist', 'ap_manager', 'ap_admin'] as const).some((r) => hasRole(user, r));
export const mayOverride = (user: CurrentUser) => hasRole(user, 'ap_admin');

/** The panel as the invoice page and the polling request render it. */
export function validationPanel(user: CurrentUser, invoice: Pick<InvoiceDetail, 'id' | 'status'>, validation: ValidationView | null, extra: { csrf: string; listQuery: string; overrideError?: string; overrideReason?: string }) {
  return (
    <ValidationPanel
      invoiceId={invoice.id}
      validation={validation}
      canRecheck={mayRecheck(user)}
      canOverride={mayOverride(user)}
      canReject={actionsFor(user, invoice.status).includes('reject')}
      {...extra}
    />
  );
}

export const OVERRIDE_ERRORS: Record<string, string> = {
  empty: 'Say why this invoice may go on although it fails validation.',
  long: `Keep the reason under ${OVERRIDE_REASON_MAX} characters.`,
};

/** The text a rejection starts from when the invoice fails: "BR-CO-15: Invoice total amount with VAT …". */
export function rejectionPrefill(validation: ValidationView | null): string | null {
  if (!validation || validation.override) return null;
  const first = validation.findings.find((f) => f.severity === 'fatal');
  if (!first) return null;
  const message = first.message.replace(/^\[[^\]]*\]\s*-?\s*/, '');
  return `${first.ruleId}: ${message}`.slice(0, 1000);
}
