import type { CurrentUser } from '../../src/http/context';
import { canManageUsers, canSeeSettings } from '../../src/auth/roles';
import { PageHeader } from '../components/form';

export function SettingsPage({ user }: { user: CurrentUser }) {
  return (
    <>
      <PageHeader title="Settings" />
      <ul role="list" class="settings-list">
        {canSeeSettings(user) && <li class="card"><a href="/settings/einvoicing"><strong>E-invoicing</strong></a><p class="muted">Pagero companies, who covers them, and until when.</p></li>}
        {canSeeSettings(user) && <li class="card"><a href="/settings/document-groups"><strong>Document Groups</strong></a><p class="muted">Which invoices go to which group, in priority order, and who sees them.</p></li>}
        {canSeeSettings(user) && <li class="card"><a href="/settings/outbox"><strong>Email outbox</strong></a><p class="muted">Every email apdesk sent or holds for you.</p></li>}
        {user.roles.includes('ap_admin') && <li class="card"><a href="/settings/approvals"><strong>Approvals</strong></a><p class="muted">Who signs off which invoice: rules in order, their approval steps, cost centre owners and the change log.</p></li>}
        {user.roles.includes('ap_admin') && <li class="card"><a href="/settings/master-data"><strong>Master data</strong></a><p class="muted">GL accounts, cost centres, tax codes, required coding fields and matching tolerances per company.</p></li>}
        {(user.roles.includes('ap_admin') || user.roles.includes('ap_manager')) && <li class="card"><a href="/settings/coding-rules"><strong>Coding rules</strong></a><p class="muted">Code lines by supplier, company, line text or item id; how often each rule was used; the touchless rate.</p></li>}
        {user.roles.includes('ap_admin') && <li class="card"><a href="/purchase-orders"><strong>Purchase orders</strong></a><p class="muted">Orders and goods receipts for matching, imported from CSV or the API.</p></li>}
        {user.roles.includes('ap_admin') && <li class="card"><a href="/settings/export"><strong>Export</strong></a><p class="muted">Export files per company: CSV columns, schedule, the ERP’s SFTP drop folder, and when invoices count as Exported.</p></li>}
        {user.roles.includes('ap_admin') && <li class="card"><a href="/settings/api-tokens"><strong>API tokens</strong></a><p class="muted">Tokens other systems use to send purchase orders and goods receipts.</p></li>}
        {canManageUsers(user) && (
          <li class="card"><a href="/users"><strong>Users</strong></a><p class="muted">Add, edit and deactivate the people who use apdesk.</p></li>
        )}
      </ul>
    </>
  );
}
