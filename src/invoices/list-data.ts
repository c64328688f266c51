/* Everything a list page shows, read in parallel: the page of rows, the status counts and the filters' choices. */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { seesAllDocuments } from '../auth/roles';
import type { Filters } from './filters';
import { fewRowsPlans, withCustomPlans } from './custom-plans';
import { listPage, type Few, type ListPage, type Position } from './list-query';
import { listSums, type ListSums } from './list-sums';
import { COUNT_BUDGET_MS, countStatuses, type StatusCount } from './status-counts';
import { savedViews, type SavedView } from './saved-views';
import { uploadCompanies } from './uploads';
import { companyChoices, type Choice } from './company-choices';

export type { Choice };
export type ListData = { page: ListPage; counts: StatusCount[]; sums: ListSums; groups: Choice[]; companies: Choice[]; views: SavedView[]; seesUnassigned: boolean; /** The companies the user may file an upload under (uploads.ts). */ uploadCompanies: Choice[] };

/**
 * The sums are added up only when the status counts are exact for the list's statuses (none
 * past COUNT_CAP, none out of time): then the list holds a few thousand invoices at most and the
 * sum is quick. A bigger list used to spend the whole budget on every view before giving up.
 */
export function fewEnoughToSum(counts: StatusCount[], f: Filters): boolean {
  const listed = f.status ? counts.filter((c) => c.status === f.status) : counts;
  return listed.every((c) => c.count !== null && !c.capped);
}

function searchedPage(db: Sql, user: CurrentUser, f: Filters, position: Position, few: Few) {
  return withCustomPlans(db, async (tx) => {
    if (few !== false) await fewRowsPlans(tx);
    return listPage(tx, user, f, position, few);
  });
}

export async function loadList(db: Sql, user: CurrentUser, f: Filters, position: Position, budgetMs = COUNT_BUDGET_MS): Promise<ListData> {
  const countsRead = countStatuses(db, user, f, budgetMs);
  const few = ({ counts, matched }: { counts: StatusCount[]; matched: number[] | null }): Few => matched ?? fewEnoughToSum(counts, f);
  const [page, counts, sums, groups, companies, views] = await Promise.all([
    // a search's page waits for the counts: with few matches it starts from them (list-query.ts)
    f.q || f.supplier ? countsRead.then((counted) => searchedPage(db, user, f, position, few(counted))) : withCustomPlans(db, (tx) => listPage(tx, user, f, position)),
    countsRead.then((counted) => counted.counts),
    countsRead.then((counted) => (fewEnoughToSum(counted.counts, f) ? listSums(db, user, f, budgetMs, { few: Boolean(f.q || f.supplier), among: counted.matched }) : null)),
    seesAllDocuments(user)
      ? db<Choice[]>`select id::int, name::text from document_groups order by priority`
      : db<Choice[]>`select g.id::int, g.name::text from document_groups g join document_group_members m on m.group_id = g.id and m.user_id = ${user.id} order by g.priority`,
    companyChoices(db, user),
    savedViews(db, user.id),
  ]);
  const forUploads = f.view !== 'open' ? [] : seesAllDocuments(user) ? companies : await uploadCompanies(db, user, { worksOn: companies });
  return { page, counts, sums, groups, companies, views, seesUnassigned: seesAllDocuments(user), uploadCompanies: forUploads };
}
