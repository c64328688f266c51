import { CsrfField } from '../components/form';
import type { GroupOption } from '../../src/groups/members';

/** On a user's page: which document groups they see (user admins only). */
export function UserGroupsForm({ csrf, userId, groups, assigned }: { csrf: string; userId: number; groups: GroupOption[]; assigned: number[] }) {
  return (
    <form method="post" action={`/users/${userId}/document-groups`} class="card" id="document-groups">
      <CsrfField token={csrf} />
      <fieldset class="field">
        <legend>Document groups</legend>
        {groups.length === 0 && <p class="muted">There are no document groups yet (Settings &gt; Document Groups).</p>}
        {groups.map((g) => (
          <label class="check">
            <input type="checkbox" name="groupIds" value={String(g.id)} checked={assigned.includes(g.id)} />
            {g.name}
          </label>
        ))}
      </fieldset>
      <p class="muted">Users see only the invoices of their groups, unless they are Financial Accounting, AP Admins or user admins.</p>
      <button type="submit">Save document groups</button>
    </form>
  );
}
