import type { CurrentUser, Role } from '../http/context';

export const ROLES: readonly Role[] = ['ap_specialist', 'ap_manager', 'ap_admin', 'financial_accounting'];

export const ROLE_LABELS: Record<Role, string> = {
  ap_specialist: 'AP Specialist',
  ap_manager: 'AP Manager',
  ap_admin: 'AP Admin',
  financial_accounting: 'Financial Accounting',
};

export const hasRole = (user: CurrentUser, role: Role) => user.roles.includes(role);

export const canManageUsers = (user: CurrentUser) => user.isUserAdmin;

/** Settings hold the admin pages: AP Admins configure apdesk, user admins manage people. */
export const canSeeSettings = (user: CurrentUser) => user.isUserAdmin || hasRole(user, 'ap_admin');

/** The Settings menu: admins, and AP Managers for the coding rules. Each settings page checks its own right. */
export const canOpenSettings = (user: CurrentUser) => canSeeSettings(user) || hasRole(user, 'ap_manager');

/** Financial Accounting and admins see every document, whatever groups they are in. */
export const seesAllDocuments = (user: CurrentUser) =>
  user.isUserAdmin || hasRole(user, 'ap_admin') || hasRole(user, 'financial_accounting');

export const initials = (user: Pick<CurrentUser, 'firstName' | 'lastName'>) =>
  `${user.firstName.trim().charAt(0)}${user.lastName.trim().charAt(0)}`.toUpperCase() || '?';
