import type { Logger } from '../logger';
import type { PageroNotice } from '../pagero/banner';

export type Role = 'ap_specialist' | 'ap_manager' | 'ap_admin' | 'financial_accounting';

export type CurrentUser = {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  isUserAdmin: boolean;
  /** Profile choices for numbers and dates (src/format); null: from the browser, UTC. */
  locale?: string | null;
  timeZone?: string | null;
  /** The invoices waiting for this user's approval, read once for a GET page (src/approvals/nav-count.ts); absent: each query asks approval_waiting(). */
  waitingInvoiceIds?: number[];
};

export type AppEnv = {
  Variables: {
    requestId: string;
    log: Logger;
    user: CurrentUser | null;
    sessionId: string | null;
    csrfToken: string;
    flash: string | null;
    pageroNotice: PageroNotice | null;
    /** How many invoices wait for this user's approval (the navigation count, src/approvals). */
    approvalsWaiting?: number;
  };
};
