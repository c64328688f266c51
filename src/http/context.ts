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
