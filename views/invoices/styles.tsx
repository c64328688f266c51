/* The invoice pages' own styles (static text of ours, never user data), next to the pages that use them. */
const CSS = `
.view-tabs, .status-tabs { display: flex; flex-wrap: wrap; gap: .35rem; margin: 0 0 .75rem; padding: 0; list-style: none; }
.view-tabs a, .status-tabs a { padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; background: var(--card); }
.view-tabs a[aria-current], .status-tabs a[aria-current] { background: #e7effb; border-color: var(--brand); font-weight: 600; }
.status-tabs .n { color: var(--muted); margin-left: .3rem; font-variant-numeric: tabular-nums; }
/* My Invoices: one toolbar line, one filter line, then the table (first rows visible at 1366 × 768). */
.list-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-bottom: .5rem; }
.list-toolbar h1 { margin: 0; font-size: 1.5rem; }
.list-toolbar .view-tabs { margin: 0; }
.upload-toggle { margin-left: auto; }
.upload-toggle > summary { list-style: none; cursor: pointer; display: inline-block; }
.upload-toggle > summary::-webkit-details-marker { display: none; }
.upload-toggle[open] { flex-basis: 100%; margin-left: 0; }
.upload-toggle[open] > summary { margin-bottom: .5rem; }
.upload-toggle form.upload { max-width: none; border-style: dashed; border-width: 2px; margin: 0; }
.saved-views { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem 1rem; margin-bottom: .5rem; }
.saved-views ul { display: flex; flex-wrap: wrap; gap: 0 .25rem; margin: 0; padding: 0; list-style: none; border-bottom: 1px solid var(--line); }
.saved-views ul a { display: block; padding: .3rem .75rem; text-decoration: none; border-bottom: 3px solid transparent; }
.saved-views ul a[aria-current] { border-bottom-color: var(--brand); font-weight: 600; }
.saved-views form.save-view { display: flex; gap: .35rem; align-items: center; }
.saved-views form.save-view input { width: 12rem; padding: .3rem .5rem; }
.saved-views form.save-view button { padding: .3rem .7rem; }
form.filters { max-width: none; margin-bottom: .5rem; }
.filter-line { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.filter-line .search { flex: 1 1 16rem; min-width: 12rem; }
.filter-line .search input { max-width: none; }
.filter-line .actions { display: flex; gap: .5rem; align-items: center; }
fieldset.chips { display: flex; flex-wrap: wrap; gap: .35rem; border: 0; margin: 0; padding: 0; }
.chip { display: inline-flex; align-items: center; gap: .3rem; padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 999px; background: var(--card); cursor: pointer; font-size: .95rem; white-space: nowrap; }
.chip input { width: auto; margin: 0; accent-color: var(--brand); }
.chip:has(input:checked) { background: #e7effb; border-color: var(--brand); font-weight: 600; }
.chip.overdue:has(input:checked) { background: #fef3f2; border-color: var(--danger); color: var(--danger); }
.chip:has(input:focus-visible) { outline: 2px solid var(--brand); outline-offset: 2px; }
details.more-filters > summary { cursor: pointer; color: var(--brand); margin: .4rem 0; width: max-content; }
.filter-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .25rem 1rem; align-items: end; }
.filter-grid .field { margin-bottom: .5rem; }
@media (max-width: 40rem) { .filter-grid { grid-template-columns: 1fr 1fr; } }
.list-sums { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .25rem 0 .5rem; }
.bulk-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0; }
.bulk-bar .field { margin: 0; }
.bulk-bar select { width: auto; }
.bulk-reason > summary { cursor: pointer; color: var(--brand); padding: .5rem 0; }
.bulk-reason[open] { flex-basis: 100%; order: 5; }
.bulk-reason-fields { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
.bulk-reason-fields .field { margin: 0; }
.selection-sum { font-weight: 600; font-variant-numeric: tabular-nums; align-self: center; }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.invoice-table th, .invoice-table td { padding: .45rem .4rem; vertical-align: top; }
.invoice-table table { font-size: .92rem; }
.invoice-table td.name { white-space: normal; overflow-wrap: anywhere; min-width: 6rem; }
.invoice-table td:not([data-label]):not(.select) { white-space: normal; overflow-wrap: anywhere; min-width: 5.5rem; }
.invoice-table td.flags { white-space: normal; min-width: 5rem; }
.invoice-table td.date { white-space: nowrap; }
.invoice-table th.select, .invoice-table td.select { width: 1.5rem; padding-right: 0; }
.invoice-table th { white-space: normal; }
.badge { display: block; width: max-content; font-size: .78rem; padding: 0 .4rem; border-radius: .3rem; margin-top: .1rem; }
.badge.overdue { background: #fef3f2; color: var(--danger); font-weight: 600; }
/* Phone: each invoice a card, the cells as label/value pairs. */
@media (max-width: 720px) {
  .invoice-table { border: 0; background: none; overflow: visible; }
  .invoice-table table, .invoice-table tbody, .invoice-table tr, .invoice-table td { display: block; width: auto; }
  .invoice-table thead tr { display: flex; flex-wrap: wrap; gap: .25rem; background: none; }
  .invoice-table thead th { display: none; }
  .invoice-table thead th.select { display: block; background: none; border: 0; }
  .invoice-table tbody tr { position: relative; background: var(--card); border: 1px solid var(--line); border-radius: .6rem; margin-bottom: .6rem; padding: .5rem .75rem; }
  .invoice-table tbody td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: .15rem 0; text-align: right; min-width: 0; }
  .invoice-table tbody td::before { content: attr(data-label); color: var(--muted); text-align: left; flex: none; }
  .invoice-table tbody td.select { position: absolute; top: .55rem; right: .75rem; padding: 0; }
  .invoice-table tbody td.select::before { content: none; }
  .invoice-table tbody td:not([data-label]):not(.select) { font-weight: 600; font-size: 1.05rem; justify-content: flex-start; gap: .5rem; padding-right: 2rem; }
  .invoice-table tbody td:not([data-label])::before { content: none; }
  .invoice-table .badge { display: inline-block; margin: 0 0 0 .4rem; }
  .invoice-table tbody td.flags:empty { display: none; }
}
th a { color: inherit; text-decoration: none; } th a:hover { text-decoration: underline; }
.flag { display: inline-block; font-size: .8rem; padding: 0 .4rem; border-radius: .3rem; background: #f0f3f7; margin-right: .2rem; }
.flag.dup { background: #fef3f2; color: var(--danger); } .flag.warn { background: #fffaeb; color: #93370d; }
.status { font-size: .85rem; padding: .1rem .5rem; border-radius: 999px; background: #f0f3f7; }
.status-on_hold, .status-rejected { background: #fffaeb; color: #93370d; } .status-approved, .status-exported { background: #ecfdf3; color: var(--ok); }
.pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .75rem 0; }
.pager .spacer { flex: 1; }
.invoice-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
.invoice-layout > * { min-width: 0; } .invoice-layout .card { max-width: none; }
@media (max-width: 1100px) { .invoice-layout { grid-template-columns: 1fr; } }
.pdf-view { width: 100%; height: 80vh; border: 1px solid var(--line); border-radius: .6rem; background: #fff; }
.paper { background: #fff; border: 1px solid var(--line); border-radius: .3rem; padding: 2rem; font-size: .9rem; box-shadow: 0 2px 10px rgb(0 0 0 / .06); }
.paper header { display: flex; justify-content: space-between; gap: 1rem; margin-bottom: 1.5rem; }
.paper h2 { font-size: 1.4rem; letter-spacing: .05em; text-transform: uppercase; }
.paper table th, .paper table td { white-space: normal; padding: .3rem .4rem; }
.paper .totals { margin-left: auto; width: min(100%, 20rem); }
.facts > .fact { display: contents; }
.parties { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.workflow form.inline { display: inline-block; margin: 0 .35rem .35rem 0; }
.lock-note { background: #fffaeb; border: 1px solid #fedf89; padding: .5rem .75rem; border-radius: .4rem; }
.history { list-style: none; padding: 0; margin: 0; } .history li { padding: .4rem 0; border-bottom: 1px solid var(--line); }
.history time { color: var(--muted); font-size: .85rem; }
.neighbours { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
@media print {
  .shell > .topbar, .shell > .sidebar, .no-print, .skip-link { display: none !important; }
  .shell { display: block; } .paper { border: 0; box-shadow: none; padding: 0; }
  .invoice-layout { display: block; } .invoice-layout > :not(.print-area) { display: none; }
}
`;

export const InvoiceStyles = () => <style dangerouslySetInnerHTML={{ __html: CSS }} />;
