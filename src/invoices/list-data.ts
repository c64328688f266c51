/* Everything a list page shows, read in parallel: the page of rows, the status counts and the filters' choices. */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { seesAllDocuments } from '../auth/roles';
import type { Filters } from './filters';
import { withCustomPlans } from './custom-plans';
import { listPage, type ListPage, type Position } from './list-query';
import { statusCounts, type StatusCount } from './status-counts';

export type Choice = { id: number; name: string };
export type ListData = { page: ListPage; counts: StatusCount[]; groups: Choice[]; companies: Choice[] };

export async function loadList(db: Sql, user: CurrentUser, f: Filters, position: Position): Promise<ListData> {
  const [page, counts, groups, companies] = await Promise.all([
    withCustomPlans(db, (tx) => listPage(tx, user, f, position)),
    statusCounts(db, user, f),
    seesAllDocuments(user)
      ? db<Choice[]>`select id::int, name::text from document_groups order by priority`
      : db<Choice[]>`select g.id::int, g.name::text from document_groups g join document_group_members m on m.group_id = g.id and m.user_id = ${user.id} order by g.priority`,
    db<Choice[]>`select id::int, name from pagero_companies order by name`,
  ]);
  return { page, counts, groups, companies };
}
