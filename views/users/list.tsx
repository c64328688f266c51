import { ROLE_LABELS } from '../../src/auth/roles';
import type { UserRow } from '../../src/users/queries';
import { Flash, PageHeader } from '../components/form';

export function UsersPage({ users, flash }: { users: UserRow[]; flash: string | null }) {
  return (
    <>
      <PageHeader title="Manage Users">
        <a class="button primary" href="/users/new">Add user</a>
      </PageHeader>
      <Flash message={flash} />
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Roles</th><th scope="col">User admin</th><th scope="col">Status</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr class={u.active ? undefined : 'inactive'}>
                <td><a href={`/users/${u.id}`}>{`${u.firstName} ${u.lastName}`}</a></td>
                <td>{u.email}</td>
                <td>{u.roles.map((r) => ROLE_LABELS[r]).join(', ') || '—'}</td>
                <td>{u.isUserAdmin ? 'Yes' : 'No'}</td>
                <td>{u.active ? 'Active' : 'Deactivated'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
