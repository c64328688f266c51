/*
 * Who may move an invoice from which status to which: the one table the server enforces
 * (workflow.ts) and the pages read to offer buttons. AP Admins may do everything.
 */
import type { CurrentUser, Role } from '../http/context';
import type { Status } from './statuses';

export const ACTIONS = ['start_review', 'mark_ready', 'return_to_review', 'approve', 'revoke_approval', 'export', 'hold', 'resume', 'reject', 'cancel', 'reopen', 'export_again'] as const;
export type Action = (typeof ACTIONS)[number];

export type Transition = {
  label: string;
  from: readonly Status[];
  /** 'held_from': back to the status the invoice had when it was put on hold. */
  to: Status | 'held_from';
  roles: readonly Role[];
  needsReason?: true;
};

const CLERKS: readonly Role[] = ['ap_specialist', 'ap_manager', 'ap_admin'];
const MANAGERS: readonly Role[] = ['ap_manager', 'ap_admin'];

export const TRANSITIONS: Record<Action, Transition> = {
  start_review: { label: 'Start review', from: ['received'], to: 'in_review', roles: CLERKS },
  mark_ready: { label: 'Mark ready', from: ['in_review'], to: 'ready', roles: CLERKS },
  return_to_review: { label: 'Back to review', from: ['ready'], to: 'in_review', roles: CLERKS },
  approve: { label: 'Approve', from: ['ready'], to: 'approved', roles: MANAGERS },
  // also from Export failed: when the fix is in the coding, which approval freezes, it goes back to review and approval
  revoke_approval: { label: 'Revoke approval', from: ['approved', 'export_failed'], to: 'in_review', roles: MANAGERS },
  export: { label: 'Mark exported', from: ['approved', 'export_failed'], to: 'exported', roles: ['financial_accounting', 'ap_admin'] },
  hold: { label: 'Put on hold', from: ['received', 'in_review', 'ready', 'approved'], to: 'on_hold', roles: CLERKS, needsReason: true },
  resume: { label: 'Resume', from: ['on_hold'], to: 'held_from', roles: CLERKS },
  reject: { label: 'Reject', from: ['received', 'in_review', 'ready'], to: 'rejected', roles: MANAGERS, needsReason: true },
  cancel: { label: 'Cancel', from: ['received', 'in_review', 'ready', 'on_hold', 'rejected'], to: 'cancelled', roles: MANAGERS },
  reopen: { label: 'Reopen', from: ['rejected', 'cancelled'], to: 'in_review', roles: MANAGERS },
  // the ERP refused it (src/erp/results.ts): once fixed it waits for export again
  export_again: { label: 'Export again', from: ['export_failed'], to: 'approved', roles: ['financial_accounting', 'ap_admin'] },
};

export const isAction = (value: unknown): value is Action => typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);

export const mayAct = (user: CurrentUser, action: Action) => TRANSITIONS[action].roles.some((role) => user.roles.includes(role));

/** The actions this user may take on an invoice in this status, in table order. */
export const actionsFor = (user: CurrentUser, status: string) =>
  ACTIONS.filter((a) => mayAct(user, a) && (TRANSITIONS[a].from as readonly string[]).includes(status));

/** The actions this user may take at all (the bulk form's choices). */
export const actionsOf = (user: CurrentUser) => ACTIONS.filter((a) => mayAct(user, a));
