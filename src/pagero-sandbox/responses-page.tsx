/* GET /responses: the Invoice Responses the sandbox received, newest first, for a person to look at. */
import { raw } from 'hono/html';
import type { SandboxState } from './state';

const CSS = `
  body { font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px; color: #1d2733; background: #f3f5f8; }
  h1 { font-size: 22px; } table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { border: 1px solid #dde3ea; padding: 6px 8px; text-align: left; vertical-align: top; font-size: 14px; }
  .Error, .AwaitingInteraction { color: #8a1c1c; } .Done { color: #1a6b35; } .wrap { overflow-x: auto; }
`;

export function receivedResponsesPage(state: SandboxState) {
  const files = [...state.files.values()].filter((f) => f.documentType === 'ApplicationResponse').reverse();
  const company = (id: string) => state.companies.get(id)?.name ?? id;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Pagero sandbox: received Invoice Responses</title><style>{raw(CSS)}</style></head>
        <body>
          <h1>Invoice Responses received</h1>
          <p>{`${files.length} received. Uploaded through POST /file/v1/files; the sandbox checks each and keeps it.`}</p>
          <div class="wrap">
            <table>
              <thead><tr><th>Received</th><th>From company</th><th>To supplier</th><th>Invoice</th><th>Code</th><th>Reason</th><th>Action</th><th>senderReference</th><th>Mode</th><th>Filepart</th></tr></thead>
              <tbody>
                {files.map((f) => (
                  <tr>
                    <td>{f.receivedAt}</td>
                    <td>{company(f.companyId)}</td>
                    <td>{`${f.response?.receiverName ?? ''} ${f.response?.receiver ?? ''}`}</td>
                    <td>{f.response?.invoiceNumber ?? ''}</td>
                    <td>{f.response?.responseCode ?? ''}</td>
                    <td>{[f.response?.reasonCode, f.response?.reasonText].filter(Boolean).join(': ')}</td>
                    <td>{f.response?.actionCode ?? ''}</td>
                    <td>{f.senderReference ?? ''}</td>
                    <td>{f.sendMode}</td>
                    <td class={f.filepart.status}>{`${f.filepart.status}${f.filepart.errors.length ? `: ${f.filepart.errors.join(' ')}` : ''}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </body>
      </html>
    </>
  );
}
