import { formatCount } from '../../src/format/numbers';
import type { FirstRun } from '../../src/invoices/first-run';

/**
 * What an empty My Invoices says: the truth about why it is empty, and the one step that
 * changes it. While invoices are being fetched it asks again every 3 seconds (htmx), so the
 * count rises and the list appears by itself.
 */
export function EmptyList({ filtered, setup }: { filtered: boolean; setup?: FirstRun | null }) {
  if (filtered || !setup) return <div class="empty card" role="status"><p>No invoices match this view.</p></div>;
  if (setup.noGroup) {
    return (
      <div class="empty card" role="status">
        <p><strong>You are not in any document group yet</strong>, so no invoices reach you.</p>
        <p>
          {'Ask a user admin to assign you a document group'}
          {setup.userAdmins.length > 0 ? ': ' : '.'}
          {setup.userAdmins.map((a, i) => <>{i > 0 && ', '}<a href={`mailto:${a.email}`}>{a.name}</a></>)}
          {setup.userAdmins.length > 0 && '.'}
        </p>
      </div>
    );
  }
  if (setup.fetching !== null) {
    return (
      <div class="empty card" role="status" hx-get="/invoices" hx-trigger="every 3s" hx-target="#invoice-results" hx-swap="outerHTML">
        <p><strong>{`Fetching your invoices from Pagero: ${formatCount(setup.fetching)} so far.`}</strong></p>
        <p class="muted">This page updates by itself.</p>
      </div>
    );
  }
  if (!setup.anyConnection && setup.ownConnection !== 'active') {
    return (
      <div class="empty card" role="status">
        <p><strong>No Pagero connection yet.</strong> Connect your Pagero account and the invoices of your Pagero companies arrive here:</p>
        <ol>
          <li>Click your initials, top right.</li>
          <li>Click <a href="/einvoicing/login" hx-boost="false">E-invoicing Login</a>: Pagero's login page opens.</li>
          <li>Enter your Pagero credentials and click Continue. You come back here and your invoices start arriving.</li>
        </ol>
        <p class="muted">Every Pagero user with access to a company connects once (one user who sees all companies is enough). You can also upload e-invoice files with Upload e-invoices.</p>
      </div>
    );
  }
  if (setup.companies === 0) {
    return (
      <div class="empty card" role="status">
        <p><strong>No Pagero companies yet.</strong> The connection works, but Pagero listed no company for it so far.</p>
        <p class="muted">Check in Pagero that your user has access to your companies, then use Sync now in your Profile.</p>
      </div>
    );
  }
  return (
    <div class="empty card" role="status">
      <p><strong>No open invoices.</strong> New invoices from your Pagero companies appear here as they arrive.</p>
    </div>
  );
}
