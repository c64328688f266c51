import type { Preview } from '../../src/groups/preview';
import { formatCount } from '../../src/format/numbers';

const n = (x: number) => formatCount(x);
const invoices = (x: number) => `${n(x)} invoice${x === 1 ? '' : 's'}`;

/** The live preview of a group being edited (also sent alone to htmx). */
export function PreviewBox({ preview }: { preview: Preview | null }) {
  if (!preview) return <p class="muted">Complete the conditions to see how many invoices this group matches.</p>;
  return (
    <div class="preview">
      <h2>Preview</h2>
      <p><strong>{`Matches ${invoices(preview.matches)} now.`}</strong></p>
      <p>
        {`${invoices(preview.wouldBelong)} would be in this group`}
        {preview.matches > preview.wouldBelong ? ` (groups above it by priority take the other ${n(preview.matches - preview.wouldBelong)})` : ''}
        {`: ${n(preview.fromOtherGroups)} would move to it from other groups and ${n(preview.fromUnassigned)} from Unassigned.`}
      </p>
      {preview.wouldLeave > 0 && <p>{`${invoices(preview.wouldLeave)} now in this group would leave it.`}</p>}
    </div>
  );
}
