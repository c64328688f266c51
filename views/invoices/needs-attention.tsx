import { formatDateTime } from '../../src/format/numbers';
import type { QuarantinedDocument } from '../../src/invoices/quarantine';
import { CsrfField, Flash, PageHeader } from '../components/form';

type Props = { csrf: string; flash: string | null; documents: QuarantinedDocument[]; total: number };

export function NeedsAttentionPage({ csrf, flash, documents, total }: Props) {
  return (
    <>
      <PageHeader title="Needs attention">
        {total > 0 && (
          <form method="post" action="/needs-attention/rereads">
            <CsrfField token={csrf} />
            <button type="submit">Re-read all</button>
          </form>
        )}
      </PageHeader>
      <Flash message={flash} />
      {total === 0 ? (
        <div class="empty card"><p>Nothing needs attention: every received file was read.</p></div>
      ) : (
        <>
          <p class="muted">{`${total} received file${total === 1 ? '' : 's'} could not be read. Each is kept exactly as received; re-read it after the reader is fixed.${total > documents.length ? ` Showing the newest ${documents.length}.` : ''}`}</p>
          <div class="table-wrap" tabindex={0}>
            <table>
              <thead>
                <tr><th scope="col">File</th><th scope="col">Source</th><th scope="col">Company</th><th scope="col">Received</th><th scope="col">Reason</th><th scope="col">Action</th></tr>
              </thead>
              <tbody>
                {documents.map((d) => (
                  <tr>
                    <td><a href={`/needs-attention/documents/${d.id}/original`} hx-boost="false">{d.filename ?? `document ${d.id}`}</a></td>
                    <td>{d.source === 'pagero' ? 'Pagero' : `Upload${d.uploadedBy ? ` by ${d.uploadedBy}` : ''}`}</td>
                    <td>{d.companyName ?? '—'}</td>
                    <td>{formatDateTime(d.receivedAt)}</td>
                    <td class="reason" style="white-space: normal; min-width: 16rem">{d.quarantineReason}</td>
                    <td>
                      <form method="post" action={`/needs-attention/documents/${d.id}/rereads`}>
                        <CsrfField token={csrf} />
                        <button type="submit" aria-label={`Re-read ${d.filename ?? `document ${d.id}`}`}>Re-read</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
