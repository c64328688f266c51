import { ROLE_LABELS, ROLES } from '../../src/auth/roles';
import type { Role } from '../../src/http/context';
import type { GroupOption } from '../../src/groups/members';
import type { UserRow } from '../../src/users/queries';
import { UserGroupsForm } from '../groups/user-groups';
import { CsrfField, Field, Flash, FormError, PageHeader, type FieldErrors } from '../components/form';

export type UserFormValues = { firstName?: string; lastName?: string; email?: string; roles?: Role[]; isUserAdmin?: boolean };

type Props = {
  csrf: string; values: UserFormValues; errors?: FieldErrors; formError?: string; user?: UserRow; flash?: string | null;
  documentGroups?: { all: GroupOption[]; assigned: number[] };
};

export function UserFormPage({ csrf, values, errors, formError, user, flash, documentGroups }: Props) {
  const editing = Boolean(user);
  return (
    <>
      <PageHeader title={editing ? `${user!.firstName} ${user!.lastName}` : 'Add user'}>
        <a href="/users">Back to users</a>
      </PageHeader>
      <Flash message={flash ?? null} />
      <FormError message={formError} />
      <form method="post" action={editing ? `/users/${user!.id}` : '/users'} class="card" novalidate>
        <CsrfField token={csrf} />
        <Field name="firstName" label="First name" value={values.firstName} errors={errors} autocomplete="off" required />
        <Field name="lastName" label="Last name" value={values.lastName} errors={errors} autocomplete="off" required />
        <Field name="email" label="Email" type="email" value={values.email} errors={errors} autocomplete="off" required />
        <fieldset class={errors?.roles ? 'field has-error' : 'field'}>
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label class="check">
              <input type="checkbox" name="roles" value={role} checked={values.roles?.includes(role)} />
              {ROLE_LABELS[role]}
            </label>
          ))}
          {errors?.roles && <p class="error" role="alert">{errors.roles}</p>}
        </fieldset>
        <div class={errors?.isUserAdmin ? 'field has-error' : 'field'}>
          <label class="check">
            <input type="checkbox" name="isUserAdmin" checked={values.isUserAdmin} aria-invalid={errors?.isUserAdmin ? 'true' : undefined} />
            User Admin (may add, edit and deactivate users and assign document groups)
          </label>
          {errors?.isUserAdmin && <p class="error" role="alert">{errors.isUserAdmin}</p>}
        </div>
        {!editing && (
          <Field name="password" label="Initial password (optional)" type="password" errors={errors} autocomplete="new-password"
            hint="Leave empty and apdesk generates one, shown once, to hand to the user." />
        )}
        <button type="submit" class="primary">{editing ? 'Save changes' : 'Add user'}</button>
      </form>
      {user && documentGroups && <UserGroupsForm csrf={csrf} userId={user.id} groups={documentGroups.all} assigned={documentGroups.assigned} />}
      {user && <ActivationForm csrf={csrf} user={user} />}
    </>
  );
}

function ActivationForm({ csrf, user }: { csrf: string; user: UserRow }) {
  return (
    <form method="post" action={`/users/${user.id}/${user.active ? 'deactivation' : 'activation'}`} class="card danger-zone">
      <CsrfField token={csrf} />
      <p>{user.active ? 'Deactivating ends this user’s sessions at once; their history stays.' : 'This user is deactivated.'}</p>
      <button type="submit" class={user.active ? 'danger' : undefined}>{user.active ? 'Deactivate user' : 'Reactivate user'}</button>
    </form>
  );
}

export function UserCreatedPage({ user, password }: { user: { id: number; email: string }; password: string }) {
  return (
    <>
      <PageHeader title="User added" />
      <div class="card">
        <p>{`${user.email} can now sign in with this temporary password. It is shown only once; ask them to change it on their Profile page.`}</p>
        <p><code class="secret">{password}</code></p>
        <p><a href={`/users/${user.id}`}>View user</a> · <a href="/users">Back to users</a></p>
      </div>
    </>
  );
}
