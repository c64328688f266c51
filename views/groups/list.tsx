import { CsrfField, Flash, PageHeader } from '../components/form';
import type { GroupEvent } from '../../src/groups/audit';
import type { GroupSummary } from '../../src/groups/queries';
import { AuditLog } from './audit-log';
import { formatCount } from '../../src/format/numbers';

const BASE = '/settings/document-groups';

type Props = { csrf: string; flash: string | null; groups: GroupSummary[]; unassigned: number; events: GroupEvent[] };

export function GroupsPage({ csrf, flash, groups, unassigned, events }: Props) {
  return (
    <>
      <link rel="stylesheet" href="/assets/document-groups.css" />
      <script src="/assets/document-groups.js" defer></script>
      <PageHeader title="Document Groups">
        <a class="button primary" href={`${BASE}/new`}>Create New Document Group</a>
      </PageHeader>
      <Flash message={flash} />
      <p class="muted">
        An invoice belongs to the first group it matches, from the top; invoices that match none are Unassigned. Users see the
        invoices of their groups. Drag a group, or use its arrows, to change the priority.
      </p>
      <div id="priority-preview" aria-live="polite"></div>
      {/* the arrows open a preview first (GET, one small form per arrow, outside the list's form) */}
      {groups.map((g) => (
        <>
          <form id={`move-${g.id}-up`} method="get" action={`${BASE}/${g.id}/priority-preview`} hidden><input type="hidden" name="direction" value="up" /></form>
          <form id={`move-${g.id}-down`} method="get" action={`${BASE}/${g.id}/priority-preview`} hidden><input type="hidden" name="direction" value="down" /></form>
        </>
      ))}
      <GroupList csrf={csrf} groups={groups} unassigned={unassigned} />
      {events.length > 0 && (
        <section class="card wide">
          <h2>Recent changes</h2>
          <AuditLog events={events} showGroup />
        </section>
      )}
    </>
  );
}

/** The priority list; also the answer to a drag-and-drop reorder. */
export function GroupList({ csrf, groups, unassigned }: { csrf: string; groups: GroupSummary[]; unassigned: number }) {
  return (
    /* dropping a row asks for the preview of that order (htmx); saving posts the order from the preview */
    <form id="group-list" method="post" action={`${BASE}/priority`} hx-post={`${BASE}/priority-preview`} hx-trigger="end" hx-target="#priority-preview" hx-swap="innerHTML">
      <CsrfField token={csrf} />
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr><th scope="col">Priority</th><th scope="col">Group</th><th scope="col">Users</th><th scope="col">Invoices</th><th scope="col">Move</th></tr>
          </thead>
          <tbody data-sortable>
            {groups.map((g, i) => (
              <tr draggable="true" data-id={String(g.id)}>
                <td><span class="drag-handle" aria-hidden="true">⠿</span> {String(g.position)}<input type="hidden" name="order" value={String(g.id)} /></td>
                <td><a href={`${BASE}/${g.id}`}>{g.name}</a></td>
                <td>{String(g.memberCount)}</td>
                <td>{formatCount(g.invoiceCount)}</td>
                <td class="move">
                  <button type="submit" form={`move-${g.id}-up`} disabled={i === 0} aria-label={`Move ${g.name} up`}>↑</button>
                  <button type="submit" form={`move-${g.id}-down`} disabled={i === groups.length - 1} aria-label={`Move ${g.name} down`}>↓</button>
                </td>
              </tr>
            ))}
            {groups.length === 0 && <tr><td colspan={5} class="muted">No document groups yet.</td></tr>}
          </tbody>
          <tfoot>
            <tr><td></td><td>Unassigned</td><td></td><td>{formatCount(unassigned)}</td><td></td></tr>
          </tfoot>
        </table>
      </div>
    </form>
  );
}
