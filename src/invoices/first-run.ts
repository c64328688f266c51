/*
 * Why My Invoices is empty, read only when it is (and no filter is set), so the empty state
 * can say what is true: not in any document group (and who can fix that), no Pagero
 * connection yet, connected but no company, invoices being fetched right now, or simply none.
 */
import { seesAllDocuments } from '../auth/roles';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

export type FirstRun = {
  /** Not a see-everything role and in no document group: nothing can reach this user. */
  noGroup: boolean;
  userAdmins: { name: string; email: string }[];
  ownConnection: 'active' | 'needs_renewal' | 'disconnected' | null;
  anyConnection: boolean;
  companies: number;
  /** Documents imported so far by syncs running now; null when none runs. */
  fetching: number | null;
};

export async function firstRun(db: Db, user: CurrentUser): Promise<FirstRun> {
  const [[facts], admins] = await Promise.all([
    db<{ groups: number; own: FirstRun['ownConnection']; anyConnection: boolean; companies: number; running: number; imported: number }[]>`
      select (select count(*)::int from document_group_members where user_id = ${user.id}) as groups,
             (select status from pagero_connections where user_id = ${user.id}) as own,
             exists (select 1 from pagero_connections where status = 'active') as any_connection,
             (select count(*)::int from pagero_companies) as companies,
             (select count(*)::int from sync_runs where status = 'running' and heartbeat_at > now() - interval '5 minutes') as running,
             (select coalesce(sum(imported), 0)::int from sync_runs where status = 'running' and heartbeat_at > now() - interval '5 minutes') as imported`,
    db<{ name: string; email: string }[]>`
      select first_name || ' ' || last_name as name, email::text from users where is_user_admin and active order by last_name, first_name limit 5`,
  ]);
  return {
    noGroup: !seesAllDocuments(user) && facts!.groups === 0,
    userAdmins: admins,
    ownConnection: facts!.own,
    anyConnection: facts!.anyConnection,
    companies: facts!.companies,
    fetching: facts!.running > 0 ? facts!.imported : null,
  };
}
