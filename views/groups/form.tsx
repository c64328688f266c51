import type { FieldErrors } from '../components/form';
import { CsrfField, Field, FormError, PageHeader } from '../components/form';
import type { Draft } from '../../src/groups/form';
import type { Preview } from '../../src/groups/preview';
import { ConditionEditor } from './editor';
import { PreviewBox } from './preview';
import type { KnownValues } from '../../src/groups/known-values';

type Props = { csrf: string; draft: Draft; errors?: FieldErrors; groupId?: number; preview?: Preview | null; known?: KnownValues };

const BASE = '/settings/document-groups';

export function GroupFormPage({ csrf, draft, errors, groupId, preview, known }: Props) {
  const editing = groupId !== undefined;
  const action = editing ? `${BASE}/${groupId}` : BASE;
  const hasErrors = Boolean(errors && Object.keys(errors).length > 0);
  return (
    <>
      <link rel="stylesheet" href="/assets/document-groups.css" />
      <script src="/assets/document-groups.js" defer></script>
      <PageHeader title={editing ? `Edit ${draft.name || 'document group'}` : 'Create New Document Group'}>
        <a href={editing ? `${BASE}/${groupId}` : BASE}>Cancel</a>
      </PageHeader>
      {hasErrors && <FormError message="Some conditions need your attention; see the messages next to them." />}
      <form id="group-form" method="post" action={action} class="card wide" novalidate>
        <CsrfField token={csrf} />
        <Field name="name" label="Group Name" value={draft.name} errors={errors} autocomplete="off" required hint="For example “E-invoices” or “Italian Invoices”." />
        <ConditionEditor tree={draft.conditions} errors={errors} editorUrl={`${BASE}/editor`} />
        <button type="submit" class="primary">{editing ? 'Save Group' : 'Create Group'}</button>
      </form>
      <div
        id="group-preview"
        class="card wide"
        aria-live="polite"
        hx-post={`${action === BASE ? BASE : action}/preview`}
        hx-trigger="change from:#group-form, input delay:600ms from:#group-form, htmx:afterSwap from:#group-form"
        hx-include="#group-form"
        hx-sync="this:replace"
        hx-swap="innerHTML"
      >
        <PreviewBox preview={preview ?? null} />
      </div>
      {/* outside the editor, so htmx redraws of the editor keep pointing at them */}
      {known && Object.entries(known).map(([field, values]) => (
        <datalist id={`known-${field}`}>{values.map((v) => <option value={v} />)}</datalist>
      ))}
    </>
  );
}
