/* Who may do what with coding, master data, purchase orders and API tokens (checked on the server). */
import { hasRole } from '../auth/roles';
import type { CurrentUser } from '../http/context';

/** AP Admins keep each company's GL accounts, cost centres, tax codes and matching tolerances. */
export const canManageMasterData = (user: CurrentUser) => hasRole(user, 'ap_admin');

/** Settings > Coding rules: AP Managers and AP Admins. */
export const canEditCodingRules = (user: CurrentUser) => hasRole(user, 'ap_manager') || hasRole(user, 'ap_admin');

/** The AP team codes lines and reruns matching; Financial Accounting and role-less admins only read. */
export const canCodeInvoices = (user: CurrentUser) =>
  hasRole(user, 'ap_specialist') || hasRole(user, 'ap_manager') || hasRole(user, 'ap_admin');

export const canSeePurchaseOrders = (user: CurrentUser) => canCodeInvoices(user) || hasRole(user, 'financial_accounting');

/** CSV imports of orders and receipts, and the API tokens other systems use for them. */
export const canImportPurchaseOrders = (user: CurrentUser) => hasRole(user, 'ap_admin');
