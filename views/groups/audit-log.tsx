import { formatDateTime } from '../../src/format/numbers';
import type { GroupEvent } from '../../src/groups/audit';
import { describeConditions } from '../../src/groups/describe';
import type { ConditionGroup } from '../../src/groups/conditions';

const when = (at: Date) => formatDateTime(at);

function what(e: GroupEvent): string {
  const d = e.details as { conditions?: ConditionGroup; renamedFrom?: string; from?: number; to?: number; user?: string };
  switch (e.action) {
    case 'created':
      return `Created with ${d.conditions ? describeConditions(d.conditions) : 'conditions'}`;
    case 'changed':
      return `${d.renamedFrom ? `Renamed from “${d.renamedFrom}”; c` : 'C'}onditions now ${d.conditions ? describeConditions(d.conditions) : '—'}`;
    case 'reordered':
      return `Moved from priority ${d.from} to ${d.to}`;
    case 'deleted':
      return 'Deleted';
    case 'assigned':
      return `Assigned ${d.user ?? 'a user'}`;
    case 'unassigned':
      return `Removed ${d.user ?? 'a user'}`;
  }
}

export function AuditLog({ events, showGroup }: { events: GroupEvent[]; showGroup?: boolean }) {
  if (events.length === 0) return <p class="muted">No changes recorded yet.</p>;
  return (
    <div class="table-wrap" tabindex={0}>
      <table class="audit">
        <thead>
          <tr><th scope="col">When</th><th scope="col">Who</th>{showGroup && <th scope="col">Group</th>}<th scope="col">What</th></tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr data-action={e.action}>
              <td>{when(e.at)}</td>
              <td>{e.actorName ?? 'a former user'}</td>
              {showGroup && <td>{e.groupName}</td>}
              <td class="wrap">{what(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
