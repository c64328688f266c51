import { formatDay } from '../../src/format/numbers';
import { ROLE_LABELS } from '../../src/auth/roles';
import type { CurrentUser } from '../../src/http/context';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { ReadingForm } from './reading';

export type ConnectionSummary = { status: string; chainExpiresAt: Date; connectedAt: Date; needsRenewalReason: string | null; companies: string[] };

type Props = { user: CurrentUser; csrf: string; errors?: FieldErrors; flash: string | null; connection?: ConnectionSummary };

export function ProfilePage({ user, csrf, errors, flash, connection }: Props) {
  return (
    <>
      <PageHeader title="Profile" />
      <Flash message={flash} />
      <dl class="card facts">
        <dt>Name</dt><dd>{`${user.firstName} ${user.lastName}`}</dd>
        <dt>Email</dt><dd>{user.email}</dd>
        <dt>Roles</dt><dd>{user.roles.map((r) => ROLE_LABELS[r]).join(', ') || '—'}{user.isUserAdmin ? ' · User Admin' : ''}</dd>
      </dl>
      <PageroConnectionCard csrf={csrf} connection={connection} />
      <ReadingForm user={user} csrf={csrf} />
      <form method="post" action="/profile/password" class="card" novalidate>
        <h2>Change password</h2>
        <CsrfField token={csrf} />
        <Field name="currentPassword" label="Current password" type="password" errors={errors} autocomplete="current-password" required />
        <Field name="newPassword" label="New password" type="password" errors={errors} autocomplete="new-password" required hint="At least 12 characters." />
        <Field name="confirmPassword" label="Repeat the new password" type="password" errors={errors} autocomplete="new-password" required />
        <button type="submit" class="primary">Change password</button>
      </form>
    </>
  );
}

function PageroConnectionCard({ csrf, connection }: { csrf: string; connection?: ConnectionSummary }) {
  const day = (d: Date) => formatDay(d);
  if (!connection || connection.status === 'disconnected') {
    return (
      <section class="card" aria-labelledby="pagero-title">
        <h2 id="pagero-title">Pagero connection</h2>
        <p>Not connected. Connect your Pagero account so the invoices of your Pagero companies arrive in My Invoices.</p>
        <a class="button primary" href="/einvoicing/login" hx-boost="false">E-invoicing Login</a>
      </section>
    );
  }
  const expired = connection.chainExpiresAt <= new Date();
  return (
    <section class="card" aria-labelledby="pagero-title">
      <h2 id="pagero-title">Pagero connection</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{connection.status === 'needs_renewal' ? `Needs renewal${connection.needsRenewalReason ? ` (${connection.needsRenewalReason})` : ''}` : expired ? 'Expired' : 'Active'}</dd>
        <dt>Connected</dt><dd>{day(connection.connectedAt)}</dd>
        <dt>Valid until</dt><dd>{day(connection.chainExpiresAt)}</dd>
        <dt>Companies</dt><dd>{connection.companies.join(', ') || '—'}</dd>
      </dl>
      <p>
        <a class="button" href="/einvoicing/login" hx-boost="false">Renew (E-invoicing Login)</a>
      </p>
      {connection.status === 'active' && !expired && (
        <form method="post" action="/einvoicing/syncs">
          <CsrfField token={csrf} />
          <button type="submit">Sync now</button>
        </form>
      )}
      <form method="post" action="/einvoicing/disconnection">
        <CsrfField token={csrf} />
        <button type="submit" class="danger">Disconnect from Pagero</button>
      </form>
    </section>
  );
}
