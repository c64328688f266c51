/* Everything a list page shows, read in parallel: the page of rows, the status counts and the filters' choices. */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { seesAllDocuments } from '../auth/roles';
import type { Filters } from './filters';
import { withCustomPlans } from './custom-plans';
import { listPage, type ListPage, type Position } from './list-query';
import { listSums, type ListSums } from './list-sums';
import { statusCounts, type StatusCount } from './status-counts';
import { COUNT_BUDGET_MS } from './status-counts';
import { savedViews, type SavedView } from './saved-views';
import { uploadCompanies } from './uploads';
import { visibleInvoices } from './visibility';

export type Choice = { id: number; name: string };
export type ListData = { page: ListPage; counts: StatusCount[]; sums: ListSums; groups: Choice[]; companies: Choice[]; views: SavedView[]; seesUnassigned: boolean; /** The companies the user may file an upload under (uploads.ts). */ uploadCompanies: Choice[] };

export async function loadList(db: Sql, user: CurrentUser, f: Filters, position: Position, budgetMs = COUNT_BUDGET_MS): Promise<ListData> {
  const [page, counts, sums, groups, companies, views] = await Promise.all([
    withCustomPlans(db, (tx) => listPage(tx, user, f, position)),
    statusCounts(db, user, f, budgetMs),
    listSums(db, user, f, budgetMs),
    seesAllDocuments(user)
      ? db<Choice[]>`select id::int, name::text from document_groups order by priority`
      : db<Choice[]>`select g.id::int, g.name::text from document_groups g join document_group_members m on m.group_id = g.id and m.user_id = ${user.id} order by g.priority`,
    // only companies the user has an invoice of: a specialist is not offered companies she cannot see
    seesAllDocuments(user)
      ? db<Choice[]>`select id::int, name from pagero_companies order by name`
      : db<Choice[]>`select c.id::int, c.name from pagero_companies c
          where exists (select 1 from invoices i where i.company_id = c.id and ${visibleInvoices(db, user)}) order by c.name`,
    savedViews(db, user.id),
  ]);
  const forUploads = f.view !== 'open' ? [] : seesAllDocuments(user) ? companies : await uploadCompanies(db, user, { worksOn: companies });
  return { page, counts, sums, groups, companies, views, seesUnassigned: seesAllDocuments(user), uploadCompanies: forUploads };
}
