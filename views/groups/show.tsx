import { CsrfField, Flash, PageHeader } from '../components/form';
import type { GroupEvent } from '../../src/groups/audit';
import { describeConditions } from '../../src/groups/describe';
import type { Member } from '../../src/groups/members';
import type { GroupRow } from '../../src/groups/queries';
import { AuditLog } from './audit-log';
import { formatCount } from '../../src/format/numbers';

const BASE = '/settings/document-groups';

type Props = {
  csrf: string;
  flash: string | null;
  group: GroupRow;
  invoiceCount: number;
  members: Member[];
  candidates: Member[];
  canAssign: boolean;
  events: GroupEvent[];
};

export function GroupPage({ csrf, flash, group, invoiceCount, members, candidates, canAssign, events }: Props) {
  return (
    <>
      <link rel="stylesheet" href="/assets/document-groups.css" />
      <PageHeader title={group.name}>
        <span>
          <a class="button" href={`${BASE}/${group.id}/edit`}>Edit</a> <a class="button" href={`${BASE}/${group.id}/deletion`}>Delete</a>{' '}
          <a href={BASE}>All groups</a>
        </span>
      </PageHeader>
      <Flash message={flash} />
      <section class="card wide">
        <dl class="facts">
          <dt>Priority</dt><dd>{String(group.position)}</dd>
          <dt>Conditions</dt><dd class="conditions">{describeConditions(group.conditions)}</dd>
          <dt>Invoices</dt><dd>{formatCount(invoiceCount)}</dd>
        </dl>
      </section>
      <section class="card wide" id="members">
        <h2>Users</h2>
        {members.length === 0 ? <p class="muted">No users are assigned to this group.</p> : (
          <ul class="plain members">
            {members.map((m) => (
              <li>
                <a href={canAssign ? `/users/${m.id}` : undefined}>{m.name}</a> <small class="muted">{m.email}{m.active ? '' : ' (deactivated)'}</small>
                {canAssign && (
                  <form method="post" action={`${BASE}/${group.id}/members/${m.id}/removal`} class="inline">
                    <CsrfField token={csrf} />
                    <button type="submit" class="link">Remove</button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {canAssign ? (
          candidates.length > 0 && (
            <form method="post" action={`${BASE}/${group.id}/members`} class="assign">
              <CsrfField token={csrf} />
              <label for="assign-user">Assign a user</label>
              <select id="assign-user" name="userId">
                {candidates.map((u) => <option value={String(u.id)}>{`${u.name} (${u.email})`}</option>)}
              </select>
              <button type="submit">Assign</button>
            </form>
          )
        ) : (
          <p class="muted">Only user admins assign users to groups.</p>
        )}
      </section>
      <section class="card wide">
        <h2>History</h2>
        <AuditLog events={events} />
      </section>
    </>
  );
}

export function DeleteGroupPage({ csrf, group, invoiceCount, memberCount }: { csrf: string; group: GroupRow; invoiceCount: number; memberCount: number }) {
  return (
    <>
      <PageHeader title={`Delete ${group.name}?`} />
      <form method="post" action={`${BASE}/${group.id}/deletion`} class="card danger-zone">
        <CsrfField token={csrf} />
        <p>{`Its ${formatCount(invoiceCount)} invoices move to the next group they match, or become Unassigned. ${memberCount} users lose access to them through this group. This cannot be undone.`}</p>
        <button type="submit" class="danger">Delete group</button> <a href={`${BASE}/${group.id}`}>Keep it</a>
      </form>
    </>
  );
}
