/* Every settings page, who may open it, and one line on what it holds: the Settings page and the sidebar's sub-menu both list these. */
import { canManageUsers, canSeeSettings } from '../auth/roles';
import type { CurrentUser } from '../http/context';

export type SettingsPageLink = { href: string; title: string; blurb: string; may: (user: CurrentUser) => boolean };

const apAdmin = (u: CurrentUser) => u.roles.includes('ap_admin');

export const SETTINGS_PAGES: SettingsPageLink[] = [
  { href: '/settings/einvoicing', title: 'E-invoicing', blurb: 'Pagero companies, who covers them, and until when.', may: canSeeSettings },
  { href: '/settings/document-groups', title: 'Document Groups', blurb: 'Which invoices go to which group, in priority order, and who sees them.', may: canSeeSettings },
  { href: '/settings/approvals', title: 'Approvals', blurb: 'Who signs off which invoice: rules in order, their approval steps, cost centre owners and the change log.', may: apAdmin },
  { href: '/settings/outbox', title: 'Email outbox', blurb: 'Every email apdesk sent or holds for you.', may: canSeeSettings },
  { href: '/settings/master-data', title: 'Master data', blurb: 'GL accounts, cost centres, tax codes, required coding fields and matching tolerances per company.', may: apAdmin },
  { href: '/settings/coding-rules', title: 'Coding rules', blurb: 'Code lines by supplier, company, line text or item id; how often each rule was used; the touchless rate.', may: (u) => apAdmin(u) || u.roles.includes('ap_manager') },
  { href: '/purchase-orders', title: 'Purchase orders', blurb: 'Orders and goods receipts for matching, imported from CSV or the API.', may: apAdmin },
  { href: '/settings/export', title: 'Export', blurb: 'Export files per company: CSV columns, schedule, the ERP’s SFTP drop folder, and when invoices count as Exported.', may: apAdmin },
  { href: '/settings/api-tokens', title: 'API tokens', blurb: 'Tokens your ERP and other systems use with the apdesk API: read invoices, report export results, send purchase orders.', may: apAdmin },
  { href: '/settings/webhooks', title: 'Webhooks', blurb: 'Signed notifications to your ERP when invoices arrive, are approved or are exported, with a delivery log.', may: apAdmin },
  { href: '/users', title: 'Users', blurb: 'Add, edit and deactivate the people who use apdesk.', may: canManageUsers },
];

export const settingsPagesOf = (user: CurrentUser) => SETTINGS_PAGES.filter((page) => page.may(user));
