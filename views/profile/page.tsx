import { ROLE_LABELS } from '../../src/auth/roles';
import type { CurrentUser } from '../../src/http/context';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';

export function ProfilePage({ user, csrf, errors, flash }: { user: CurrentUser; csrf: string; errors?: FieldErrors; flash: string | null }) {
  return (
    <>
      <PageHeader title="Profile" />
      <Flash message={flash} />
      <dl class="card facts">
        <dt>Name</dt><dd>{`${user.firstName} ${user.lastName}`}</dd>
        <dt>Email</dt><dd>{user.email}</dd>
        <dt>Roles</dt><dd>{user.roles.map((r) => ROLE_LABELS[r]).join(', ') || '—'}{user.isUserAdmin ? ' · User Admin' : ''}</dd>
      </dl>
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
