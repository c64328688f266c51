import { inSentence } from './import';
import type { Kind, KindSlug } from '../../src/master-data/kinds';
import type { Code, Company } from '../../src/master-data/queries';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';

type ListProps = {
  company: Company; slug: KindSlug; kind: Kind; codes: Code[]; csrf: string; flash: string | null; values?: { code?: string; name?: string }; errors?: FieldErrors;
  /** Cost centres: each one's spend owner, who approves its lines (src/approvals/owners.ts). */
  owners?: Map<number, string>;
};

export function CodesPage({ company, slug, kind, codes, csrf, flash, values, errors, owners }: ListProps) {
  const base = `/settings/master-data/${company.id}/${slug}`;
  return (
    <>
      <PageHeader title={`${kind.many}: ${company.name}`}>
        <a href={`/settings/master-data/${company.id}`}>Back to {company.name}</a>{' · '}<a href={`${base}/import`}>Import from CSV</a>
      </PageHeader>
      <Flash message={flash} />
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead><tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">State</th>{owners && <th scope="col">Owner (approves)</th>}<th scope="col"></th></tr></thead>
          <tbody>
            {codes.length === 0 && <tr><td colspan={owners ? 5 : 4}>{`No ${inSentence(kind.many)} yet.`}</td></tr>}
            {codes.map((c) => (
              <tr class={c.active ? undefined : 'inactive'}>
                <td>{c.code}</td><td>{c.name}</td><td>{c.active ? 'Active' : 'Deactivated'}</td>
                {owners && <td>{owners.get(c.id) ?? <span class="muted">None</span>}</td>}
                <td>
                  <a href={`${base}/${c.id}`}>Edit</a>{' '}
                  <form method="post" action={`${base}/${c.id}/${c.active ? 'deactivation' : 'activation'}`} class="inline">
                    <CsrfField token={csrf} /><button type="submit" class="link">{c.active ? 'Deactivate' : 'Activate'}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {owners && <p><a href="/settings/approvals/owners">Set the owners of cost centres</a> <small class="muted">(Settings → Approvals)</small></p>}
      <CodeForm action={base} csrf={csrf} title={`Add a ${kind.one}`} values={values} errors={errors} />
    </>
  );
}

type FormProps = { action: string; csrf: string; title: string; values?: { code?: string; name?: string }; errors?: FieldErrors };

export function CodeForm({ action, csrf, title, values, errors }: FormProps) {
  return (
    <form method="post" action={action} class="card" novalidate>
      <CsrfField token={csrf} />
      <h2>{title}</h2>
      <Field name="code" label="Code" value={values?.code} errors={errors} required />
      <Field name="name" label="Name" value={values?.name} errors={errors} required />
      <button type="submit" class="primary">Save</button>
    </form>
  );
}

export function EditCodePage({ company, kind, action, csrf, values, errors }: { company: Company; kind: Kind; action: string; csrf: string; values: { code?: string; name?: string }; errors?: FieldErrors }) {
  return (
    <>
      <PageHeader title={`Edit ${kind.one}: ${company.name}`}><a href={action.replace(/\/\d+$/, '')}>Back to {inSentence(kind.many)}</a></PageHeader>
      <p class="muted">Invoices already coded with it show the new code and name.</p>
      <CodeForm action={action} csrf={csrf} title={`${kind.one[0]!.toUpperCase()}${kind.one.slice(1)} ${values.code ?? ''}`} values={values} errors={errors} />
    </>
  );
}
