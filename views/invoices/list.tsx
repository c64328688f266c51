import { Flash, PageHeader } from '../components/form';

export function MyInvoicesPage({ flash }: { flash: string | null }) {
  return (
    <>
      <PageHeader title="My Invoices" />
      <Flash message={flash} />
      <div class="empty card">
        <p>No invoices yet.</p>
        <p class="muted">Connect your Pagero account with <strong>E-invoicing Login</strong> under your initials (top right), and the supplier invoices of your Pagero companies appear here.</p>
      </div>
    </>
  );
}
