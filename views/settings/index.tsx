import type { CurrentUser } from '../../src/http/context';
import { canManageUsers } from '../../src/auth/roles';
import { PageHeader } from '../components/form';

export function SettingsPage({ user }: { user: CurrentUser }) {
  return (
    <>
      <PageHeader title="Settings" />
      <ul role="list" class="settings-list">
        <li class="card"><a href="/settings/einvoicing"><strong>E-invoicing</strong></a><p class="muted">Pagero companies, who covers them, and until when.</p></li>
        <li class="card"><a href="/settings/document-groups"><strong>Document Groups</strong></a><p class="muted">Which invoices go to which group, in priority order, and who sees them.</p></li>
        <li class="card"><a href="/settings/outbox"><strong>Email outbox</strong></a><p class="muted">Every email apdesk sent or holds for you.</p></li>
        {canManageUsers(user) && (
          <li class="card"><a href="/users"><strong>Users</strong></a><p class="muted">Add, edit and deactivate the people who use apdesk.</p></li>
        )}
      </ul>
    </>
  );
}
