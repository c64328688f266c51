import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Choice } from '../../src/invoices/list-data';
import { FLAGS, SCANNED_BY, type FilterErrors, type Filters } from '../../src/invoices/filters';
import { listPath } from '../../src/invoices/params';
import { DEFAULT_SORT, SORTS } from '../../src/invoices/sorts';
import { STATUS_LABELS, statusesOf } from '../../src/invoices/statuses';

type Props = { filters: Filters; errors: FilterErrors; groups: Choice[]; companies: Choice[] };

/** A plain GET form (every view is a URL); with htmx it swaps just the results as you change it. */
export function FilterForm({ filters: f, errors, groups, companies }: Props) {
  const path = listPath(f);
  const keepsSort = f.sort !== DEFAULT_SORT || f.dir !== SORTS[DEFAULT_SORT].defaultDir;
  return (
    <form method="get" action={path} class="card filters no-print" role="search" aria-label="Filter invoices"
      hx-get={path} hx-target="#invoice-results" hx-push-url="true" hx-sync="this:replace"
      hx-trigger="submit, change[target.id !== 'filter-q'], input changed delay:400ms from:#filter-q">
      {keepsSort && <><input type="hidden" name="sort" value={f.sort} /><input type="hidden" name="dir" value={f.dir} /></>}
      <Labelled name="q" label="Search" error={errors.q} wide control={(a) => (
          <input {...a} type="search" value={f.q} placeholder="Supplier, VAT id or invoice number" />
        )} />
      <Labelled name="status" label="Status" error={errors.status} control={(a) => (
          <select {...a}><option value="">All</option>{statusesOf(f.view).map((s) => <option value={s} selected={f.status === s}>{STATUS_LABELS[s]}</option>)}</select>
        )} />
      <Labelled name="group" label="Document group" error={errors.group} control={(a) => (
          <select {...a}>
          <option value="">All</option><option value="none" selected={f.group === 'none'}>Unassigned</option>
          {groups.map((g) => <option value={String(g.id)} selected={f.group === g.id}>{g.name}</option>)}
        </select>
        )} />
      <Labelled name="company" label="Company" error={errors.company} control={(a) => (
          <select {...a}><option value="">All</option>{companies.map((c) => <option value={String(c.id)} selected={f.company === c.id}>{c.name}</option>)}</select>
        )} />
      <Labelled name="supplier" label="Supplier" error={errors.supplier} control={(a) => (
          <input {...a} type="text" value={f.supplier} />
        )} />
      <Labelled name="currency" label="Currency" error={errors.currency} control={(a) => (
          <input {...a} type="text" value={f.currency} maxlength={3} placeholder="EUR" />
        )} />
      <Labelled name="issued_from" label="Issued from" error={errors.issued_from} control={(a) => (
          <input {...a} type="date" value={f.issuedFrom} />
        )} />
      <Labelled name="issued_to" label="Issued to" error={errors.issued_to} control={(a) => (
          <input {...a} type="date" value={f.issuedTo} />
        )} />
      <Labelled name="amount_min" label="Total from" error={errors.amount_min} control={(a) => (
          <input {...a} type="text" inputmode="decimal" value={f.amountMin} />
        )} />
      <Labelled name="amount_max" label="Total to" error={errors.amount_max} control={(a) => (
          <input {...a} type="text" inputmode="decimal" value={f.amountMax} />
        )} />
      <Labelled name="scanned_by" label="invScannedBy" error={errors.scanned_by} control={(a) => (
          <select {...a}><option value="">All</option>{SCANNED_BY.map((s) => <option value={s} selected={f.scannedBy === s}>{s}</option>)}</select>
        )} />
      <Labelled name="flagged" label="Flagged" error={errors.flagged} control={(a) => (
          <select {...a}><option value="">All</option>{Object.entries(FLAGS).map(([k, label]) => <option value={k} selected={f.flagged === k}>{label}</option>)}</select>
        )} />
      <div class="actions"><button type="submit" class="primary">Apply</button><a href={path}>Clear</a></div>
    </form>
  );
}

type ControlAttrs = { id: string; name: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string };

/** One filter: its label, the control (given its name and id here) and its error beside it. */
function Labelled({ name, label, error, wide, control }: { name: string; label: string; error?: string; wide?: boolean; control: (a: ControlAttrs) => JSX.Element }) {
  const id = `filter-${name.replace('_', '-')}`;
  const attrs: ControlAttrs = { id, name, ...(error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {}) };
  return (
    <div class={`field${error ? ' has-error' : ''}${wide ? ' wide' : ''}`}>
      <label for={id}>{label}</label>
      {control(attrs)}
      {error && <p id={`${id}-error`} class="error" role="alert">{error}</p>}
    </div>
  );
}
