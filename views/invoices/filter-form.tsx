import type { JSX } from 'hono/jsx/jsx-runtime';
import type { Choice } from '../../src/invoices/list-data';
import { DUE, FLAGS, SCANNED_BY, type FilterErrors, type Filters } from '../../src/invoices/filters';
import { listPath } from '../../src/invoices/params';
import { DEFAULT_SORT, SORTS } from '../../src/invoices/sorts';
import { STATUS_LABELS, statusesOf } from '../../src/invoices/statuses';

type Props = { filters: Filters; errors: FilterErrors; groups: Choice[]; companies: Choice[]; seesUnassigned: boolean };

/** The filters behind "More filters": open when one of them is in use or wrong. */
const MORE = ['status', 'group', 'company', 'supplier', 'currency', 'issued_from', 'issued_to', 'due_from', 'due_to', 'amount_min', 'amount_max', 'scanned_by', 'flagged'] as const;

/**
 * A plain GET form (every view is a URL); with htmx it swaps just the results as you change it.
 * One line: search, the due-date chips (radio buttons, so they work without JavaScript) and
 * "More filters" (a <details>) holding the rest.
 */
export function FilterForm({ filters: f, errors, groups, companies, seesUnassigned }: Props) {
  const path = listPath(f);
  const keepsSort = f.sort !== DEFAULT_SORT || f.dir !== SORTS[DEFAULT_SORT].defaultDir;
  const moreInUse = [f.status, f.group, f.company, f.supplier, f.currency, f.issuedFrom, f.issuedTo, f.dueFrom, f.dueTo, f.amountMin, f.amountMax, f.scannedBy, f.flagged]
    .filter((value) => value !== null && value !== '').length;
  const moreOpen = moreInUse > 0 || MORE.some((key) => errors[key]);
  return (
    <form method="get" action={path} class="filters no-print" role="search" aria-label="Filter invoices"
      hx-get={path} hx-target="#invoice-results" hx-push-url="true" hx-sync="this:replace"
      hx-trigger="submit, change from:(form.filters select, form.filters .chips input, form.filters .filter-grid input), input changed delay:400ms from:#filter-q">
      {keepsSort && <><input type="hidden" name="sort" value={f.sort} /><input type="hidden" name="dir" value={f.dir} /></>}
      <div class="filter-line">
        <div class={`search${errors.q ? ' has-error' : ''}`}>
          <label for="filter-q" class="visually-hidden">Search</label>
          <input id="filter-q" name="q" type="search" value={f.q} placeholder="Supplier, VAT id or number"
            aria-invalid={errors.q ? 'true' : undefined} aria-describedby={errors.q ? 'filter-q-error' : undefined} />
        </div>
        {f.view === 'open' && (
          <fieldset class="chips">
            <legend class="visually-hidden">Due date</legend>
            <label class="chip"><input type="radio" name="due" value="" checked={f.due === null} />Any due date</label>
            {Object.entries(DUE).map(([key, label]) => (
              <label class={`chip${key === 'overdue' ? ' overdue' : ''}`}><input type="radio" name="due" value={key} checked={f.due === key} />{label}</label>
            ))}
          </fieldset>
        )}
        <div class="actions"><button type="submit" class="primary">Apply</button><a href={path}>Clear</a></div>
      </div>
      {errors.q && <p id="filter-q-error" class="error" role="alert">{errors.q}</p>}
      {errors.due && <p class="error" role="alert">{errors.due}</p>}
      <details class="more-filters" open={moreOpen}>
        <summary>{`More filters${moreInUse > 0 ? ` (${moreInUse} in use)` : ''}`}</summary>
        <div class="filter-grid">
          <Labelled name="status" label="Status" error={errors.status} control={(a) => (
              <select {...a}><option value="">All</option>{statusesOf(f.view).map((s) => <option value={s} selected={f.status === s}>{STATUS_LABELS[s]}</option>)}</select>
            )} />
          <Labelled name="group" label="Document group" error={errors.group} control={(a) => (
              <select {...a}>
              <option value="">All</option>
              {seesUnassigned && <option value="none" selected={f.group === 'none'}>Unassigned</option>}
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
          <Labelled name="due_from" label="Due from" error={errors.due_from} control={(a) => (
              <input {...a} type="date" value={f.dueFrom} />
            )} />
          <Labelled name="due_to" label="Due to" error={errors.due_to} control={(a) => (
              <input {...a} type="date" value={f.dueTo} />
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
          <Labelled name="scanned_by" label="Received via" error={errors.scanned_by} control={(a) => (
              <select {...a}><option value="">All</option>{SCANNED_BY.map((s) => <option value={s} selected={f.scannedBy === s}>{s}</option>)}</select>
            )} />
          <Labelled name="flagged" label="Flagged" error={errors.flagged} control={(a) => (
              <select {...a}><option value="">All</option>{Object.entries(FLAGS).map(([k, label]) => <option value={k} selected={f.flagged === k}>{label}</option>)}</select>
            )} />
        </div>
      </details>
    </form>
  );
}

type ControlAttrs = { id: string; name: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string };

/** One filter: its label, the control (given its name and id here) and its error beside it. */
function Labelled({ name, label, error, control }: { name: string; label: string; error?: string; control: (a: ControlAttrs) => JSX.Element }) {
  const id = `filter-${name.replace('_', '-')}`;
  const attrs: ControlAttrs = { id, name, ...(error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {}) };
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {control(attrs)}
      {error && <p id={`${id}-error`} class="error" role="alert">{error}</p>}
    </div>
  );
}
