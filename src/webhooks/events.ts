/* The webhook events apdesk sends, each raised by a trigger on invoices (migration 0017). */
export const WEBHOOK_EVENTS = ['invoice.received', 'invoice.ready', 'invoice.approved', 'invoice.rejected', 'invoice.exported', 'invoice.export_failed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const EVENT_LABELS: Record<WebhookEvent, string> = {
  'invoice.received': 'An invoice arrived',
  'invoice.ready': 'An invoice is coded and ready for approval',
  'invoice.approved': 'An invoice was approved (ready to export)',
  'invoice.rejected': 'An invoice was rejected',
  'invoice.exported': 'The ERP booked an invoice',
  'invoice.export_failed': 'The ERP refused an invoice',
};

export const isWebhookEvent = (s: unknown): s is WebhookEvent => typeof s === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(s);
