import type { MailRow } from '../../src/mail/outbox';
import { PageHeader } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

const DELIVERY: Record<MailRow['delivery'], string> = { pending: 'Queued', smtp: 'Sent', outbox: 'In outbox (no SMTP)', failed: 'Failed' };

export function OutboxPage({ messages, smtp }: { messages: MailRow[]; smtp: boolean }) {
  return (
    <>
      <PageHeader title="Email outbox" />
      <p class="muted">
        {smtp ? 'apdesk sends email through SMTP; this is the log of every message.' : 'No SMTP server is configured (SMTP_URL), so apdesk keeps its email here for admins to read.'}
      </p>
      {messages.length === 0 && <p class="card">No email yet.</p>}
      {messages.map((m) => (
        <details class="card mail">
          <summary>
            <strong>{m.subject}</strong>
            <span class="muted">{` · to ${m.toAddress} · ${formatDateTime(m.createdAt)} · ${DELIVERY[m.delivery]}`}</span>
          </summary>
          <pre>{m.body}</pre>
          {m.error && <p class="error">{`Last error: ${m.error}`}</p>}
        </details>
      ))}
    </>
  );
}
