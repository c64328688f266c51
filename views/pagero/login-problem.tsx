import { PageHeader } from '../components/form';

/** A failed E-invoicing Login: what happened, that nothing changed, and how to try again. */
export function LoginProblemPage({ title, message }: { title: string; message: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div class="card">
        <p>{message}</p>
        <p class="muted">Your apdesk account and any existing Pagero connection are unchanged.</p>
        <p>
          <a class="button primary" href="/einvoicing/login" hx-boost="false">Try E-invoicing Login again</a>{' '}
          <a class="button" href="/invoices">Back to My Invoices</a>
        </p>
      </div>
    </>
  );
}
