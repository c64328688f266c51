import { hasRole, seesAllDocuments } from '../auth/roles';
import type { CurrentUser } from '../http/context';
import { mayAct } from '../invoices/transitions';

/** Export batches hold invoices of every group: those who may export (Financial Accounting, AP Admins) and see every invoice. */
export const mayExport = (user: CurrentUser) => mayAct(user, 'export') && seesAllDocuments(user);

/** Settings → Export (columns, schedule, SFTP drop folder): AP Admins. */
export const mayConfigureExport = (user: CurrentUser) => hasRole(user, 'ap_admin');
