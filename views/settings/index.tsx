import type { CurrentUser } from '../../src/http/context';
import { canManageUsers } from '../../src/auth/roles';
import { PageHeader } from '../components/form';

export function SettingsPage({ user }: { user: CurrentUser }) {
  return (
    <>
      <PageHeader title="Settings" />
      <ul role="list" class="settings-list">
        {canManageUsers(user) && (
          <li class="card"><a href="/users"><strong>Users</strong></a><p class="muted">Add, edit and deactivate the people who use apdesk.</p></li>
        )}
      </ul>
    </>
  );
}
