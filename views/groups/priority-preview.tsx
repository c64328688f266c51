import type { PriorityPreview } from '../../src/groups/priority-preview';
import { formatCount } from '../../src/format/numbers';
import { CsrfField } from '../components/form';

const BASE = '/settings/document-groups';

/** What a new priority order would do, group by group, and the button that saves it. */
export function PriorityPreviewPanel({ preview, csrf }: { preview: PriorityPreview; csrf: string }) {
  const n = (count: number) => `${formatCount(count)} invoice${count === 1 ? '' : 's'}`;
  const name = (id: number | null) => (id === null ? 'Unassigned' : preview.order.find((g) => g.id === id)?.name ?? `#${id}`);
  return (
    <section class="card wide priority-preview" aria-labelledby="priority-preview-title">
      <h2 id="priority-preview-title">Before you save this order</h2>
      <ol class="new-order">{preview.order.map((g) => <li>{g.name}</li>)}</ol>
      {preview.changes.length === 0 ? <p><strong>No invoice changes group.</strong></p> : (
        <table>
          <thead><tr><th scope="col">Group</th><th scope="col" class="amount">Gains</th><th scope="col" class="amount">Loses</th><th scope="col">Where they come from / go</th></tr></thead>
          <tbody>
            {preview.changes.map((c) => (
              <tr>
                <th scope="row">{c.name}</th>
                <td class="amount">{c.gains ? `+${formatCount(c.gains)}` : '0'}</td>
                <td class="amount">{c.loses ? `−${formatCount(c.loses)}` : '0'}</td>
                <td>
                  {[...c.from.map((m) => `${n(m.count)} from ${name(m.from)}`), ...c.to.map((m) => `${n(m.count)} to ${name(m.to)}`)].join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action={`${BASE}/priority`} class="actions" hx-boost="false">
        <CsrfField token={csrf} />
        {preview.order.map((g) => <input type="hidden" name="order" value={String(g.id)} />)}
        <button type="submit" class="primary">Save this order</button>
        <a href={BASE}>Cancel</a>
      </form>
    </section>
  );
}
