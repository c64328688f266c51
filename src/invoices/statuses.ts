/* The invoice statuses, their labels, and which list (My Invoices or Complete Invoices) shows them. */
export const STATUSES = ['received', 'in_review', 'ready', 'approved', 'exported', 'on_hold', 'cancelled', 'rejected', 'export_failed'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  received: 'Received',
  in_review: 'In review',
  ready: 'Ready',
  approved: 'Approved',
  exported: 'Exported',
  on_hold: 'On hold',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
  export_failed: 'Export failed',
};

export const isStatus = (value: unknown): value is Status => typeof value === 'string' && (STATUSES as readonly string[]).includes(value);

export const statusLabel = (value: string) => (isStatus(value) ? STATUS_LABELS[value] : value);

/** Work is finished for these: they leave My Invoices for Complete Invoices. */
export const COMPLETE_STATUSES: readonly Status[] = ['exported', 'cancelled'];
export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !COMPLETE_STATUSES.includes(s));

export type ListView = 'open' | 'complete';
export const statusesOf = (view: ListView) => (view === 'complete' ? COMPLETE_STATUSES : OPEN_STATUSES);
