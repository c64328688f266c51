import type { InvoiceBatch } from '../../src/export/queries';
import { formatDateTime } from '../../src/format/numbers';
import { batchStatusLabel } from './batches';

/** Where a delivered batch went, else how it is meant to leave. */
const target = (b: InvoiceBatch) => (b.deliveredTo ? `to ${b.deliveredTo}` : b.delivery === 'sftp' ? 'by SFTP' : 'as a download');

/** On the invoice page: "Exported in batch 12 (3 Dec 2026 10:40, SFTP to …, Delivered)", one line per batch it was in. */
export function InvoiceBatchesPanel({ batches }: { batches: InvoiceBatch[] }) {
  if (batches.length === 0) return null;
  return (
    <section class="card invoice-batches" aria-label="Export batches">
      <h2>Export</h2>
      <ul>
        {batches.map((b) => (
          <li>
            {'Exported in '}<a href={`/export-batches/${b.id}`}>{`batch ${b.id}`}</a>
            {` (${formatDateTime(b.createdAt)}, ${target(b)}, ${batchStatusLabel(b)})`}
            {b.reexportReason && <span class="muted">{` — exported again: ${b.reexportReason}`}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
