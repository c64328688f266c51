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
.upload-results .upload-note { display: block; color: #93370d; }
.upload-results .upload-file-notes { margin: .15rem 0 .3rem; }
.upload-results .upload-invoices { margin: .2rem 0 .4rem; padding-left: 1.2rem; }
.upload-results .upload-invoices > li { margin-bottom: .3rem; }
.upload-results .upload-warnings-title { display: block; font-size: .9rem; color: var(--muted); margin-top: .15rem; }
.upload-results .upload-warnings { margin: 0 0 .4rem 1rem; color: #93370d; font-size: .9rem; }
.upload-results form.upload-company { display: flex; flex-wrap: wrap; gap: .35rem .6rem; align-items: center; margin: .3rem 0 .6rem; }
.upload-results form.upload-company select { width: auto; }
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
.invoice-table td:not([data-label]):not(.select) { white-space: normal; overflow-wrap: anywhere; min-width: 7.5rem; }
.invoice-table td.flags { white-space: normal; min-width: 5rem; }
/*
 * A long invoice number ("INV-2026-000123-ACME-ITALIA-SRL") stays on one line, cut with an ellipsis, the whole of it in
 * the title. The grid's minmax(0, …) track lets the column give way to the others when the table is tight (its minimum
 * width is 0, not the whole number), and the number takes up to 12rem when there is room.
 */
.invoice-table .number-line { display: grid; grid-template-columns: minmax(0, max-content); }
.invoice-table .invoice-number { max-width: 12rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.invoice-table td.date { white-space: nowrap; }
.invoice-table th.select, .invoice-table td.select { width: 1.5rem; padding-right: 0; }
.invoice-table th { white-space: normal; }
.badge { display: block; width: max-content; font-size: .78rem; padding: 0 .4rem; border-radius: .3rem; margin-top: .1rem; }
.badge.overdue { background: #fef3f2; color: var(--danger); font-weight: 600; }
/* Phone: each invoice a card, the cells as label/value pairs; bulk changes are desk work (hidden). */
@media (max-width: 720px) {
  .bulk-bar, .invoice-table .select { display: none !important; }
  .chip { padding: .2rem .55rem; font-size: .9rem; }
  .list-toolbar h1 { font-size: 1.25rem; }
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
  .invoice-table .invoice-number { max-width: none; }
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
.pdf-view { width: 100%; height: 80vh; border: 1px solid var(--line); border-radius: .6rem; background: #fff; }
.paper { background: #fff; border: 1px solid var(--line); border-radius: .3rem; padding: 2rem; font-size: .9rem; box-shadow: 0 2px 10px rgb(0 0 0 / .06); }
.paper header { display: flex; justify-content: space-between; gap: 1rem; margin-bottom: 1.5rem; }
.paper h2 { font-size: 1.4rem; letter-spacing: .05em; text-transform: uppercase; }
.paper table th, .paper table td { white-space: normal; padding: .3rem .4rem; }
.paper .totals { margin-left: auto; width: min(100%, 20rem); }
.facts > .fact { display: contents; }
.parties { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.lock-note { background: #fffaeb; border: 1px solid #fedf89; padding: .5rem .75rem; border-radius: .4rem; }
.history { list-style: none; padding: 0; margin: 0; } .history li { padding: .4rem 0; border-bottom: 1px solid var(--line); }
.history time { color: var(--muted); font-size: .85rem; }
.neighbours { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
/* The invoice page (views/invoices/show.tsx): slots top to bottom; amounts never break. */
.money { white-space: nowrap; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
@media (min-width: 721px) { .id { white-space: nowrap; } }
.invoice-page .card { max-width: none; }
.invoice-header h1 { overflow-wrap: anywhere; }
.invoice-header .title-rest { font-weight: 400; color: var(--muted); font-size: 1.1rem; }
.invoice-summary { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: .6rem 1rem; margin-bottom: 1rem;
  display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; }
@media (min-width: 900px) {
  .invoice-summary { position: sticky; top: 0; z-index: 4; box-shadow: 0 2px 8px rgb(0 0 0 / .06); }
  /* a jump to #line-… (after a save without JavaScript) lands below the sticky summary, not under it */
  .invoice-page [id] { scroll-margin-top: 12rem; }
}
.summary-facts { display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; margin: 0; min-width: 0; }
.summary-facts > div { min-width: 0; }
.summary-facts dt { font-size: .8rem; color: var(--muted); font-weight: 600; }
.summary-facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.summary-facts .supplier { max-width: 20rem; }
.summary-facts .supplier small { display: block; font-weight: 400; }
@media (max-width: 720px) {
  .invoice-header .title-rest { display: none; } /* the summary right below says it */
  .summary-facts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .4rem .75rem; width: 100%; }
  .summary-facts .supplier, .summary-facts .amount-due { grid-column: 1 / -1; max-width: none; }
}
.big-amount { font-size: 1.2rem; }
.invoice-page .badge { display: inline-block; width: auto; margin: 0; font-size: .8rem; font-weight: 600; padding: 0 .45rem; border-radius: 999px; background: #f0f3f7; white-space: nowrap; }
.invoice-page .badge.overdue { background: #fef3f2; color: var(--danger); border: 1px solid #fecdca; }
.invoice-page .badge.warn { background: #fffaeb; color: #93370d; }
.action-bar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.action-bar form.inline { display: inline-flex; gap: .4rem; margin: 0; }
button.danger-outline { background: #fff; color: var(--danger); border-color: #fda29b; }
.action-bar form.inline button + button { margin-left: 0; }
details.menu { position: relative; }
details.menu > summary { list-style: none; } details.menu > summary::-webkit-details-marker { display: none; }
details.menu > summary::after { content: " ▾"; }
details.menu[open] > summary { background: #e7effb; border-color: var(--brand); }
.menu-panel { position: absolute; right: 0; top: calc(100% + .3rem); z-index: 6; width: min(22rem, 90vw); display: grid; gap: .5rem; padding: .75rem;
  background: var(--card); border: 1px solid var(--line); border-radius: .5rem; box-shadow: 0 8px 24px rgb(0 0 0 / .12); }
.menu-panel .field { margin-bottom: .25rem; }
@media (max-width: 900px) { details.menu { position: static; } .menu-panel { position: static; width: auto; margin-top: .4rem; box-shadow: none; } }
.cancel-form { display: grid; gap: .4rem; border-top: 1px solid var(--line); padding-top: .5rem; }
.cancel-form:first-child { border-top: 0; padding-top: 0; }
.invoice-panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); gap: 0 1rem; }
.buttons { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.confirm { border-color: #fedf89; background: #fffaeb; }
.invoice-tabs { position: relative; display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0 .25rem; margin-top: .5rem; }
.tab-radio { position: absolute; opacity: 0; width: 1px; height: 1px; }
.tab { padding: .45rem 1rem; border: 1px solid var(--line); border-bottom: 0; border-radius: .5rem .5rem 0 0; background: #f0f3f7; cursor: pointer; }
.tab-radio:checked + .tab { background: var(--card); color: var(--brand); }
.tab-radio:focus-visible + .tab { outline: 3px solid var(--focus); outline-offset: 2px; }
.tab-panels { flex-basis: 100%; min-width: 0; border-top: 1px solid var(--line); padding-top: 1rem; }
.tab-panel { min-width: 0; }
#tab-data:checked ~ .tab-panels .panel-document, #tab-document:checked ~ .tab-panels .panel-data { display: none; }
@media (min-width: 1700px) {
  .tab, .tab-radio { display: none; }
  .tab-panels { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; border-top: 0; padding-top: 0; align-items: start; }
  #tab-data:checked ~ .tab-panels .panel-document, #tab-document:checked ~ .tab-panels .panel-data { display: block; }
  .panel-document { position: sticky; top: 7rem; }
}
.data-top { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 1rem; align-items: start; }
@media (max-width: 1000px) { .data-top { grid-template-columns: minmax(0, 1fr); } }
.data-top .facts { grid-template-columns: max-content minmax(0, 1fr); }
table.lines td.item { white-space: normal; min-width: 12rem; }
.totals-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 1rem; margin-top: 1rem; align-items: start; }
@media (max-width: 1000px) { .totals-grid { grid-template-columns: minmax(0, 1fr); } }
.facts dd.amount { text-align: right; font-variant-numeric: tabular-nums; }
.coding { margin-top: 1rem; }
.coding-head { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; justify-content: space-between; margin-bottom: .5rem; }
.coding-head h2 { margin: 0; }
.coding-line h3, .code-all h3 { margin: 0 0 .5rem; font-size: 1rem; }
.code-form { display: flex; gap: .5rem; align-items: flex-end; flex-wrap: wrap; }
.code-form .field { margin: 0; }
/* A line to code is one row on a laptop: what it is on the left, its codes and buttons on the right. */
@media (min-width: 1000px) {
  .coding-line:not(.split-form) { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 1rem; align-items: center; padding: .6rem 1rem; margin-bottom: .5rem; }
  .coding-line:not(.split-form) > * { grid-column: 1; margin: .1rem 0; }
  .coding-line:not(.split-form) > .code-form { grid-column: 2; grid-row: 1 / span 4; }
  .coding-line:not(.split-form) > .table-wrap { grid-column: 1 / -1; }
  .coding-line .code-form input[type=text], .code-all .code-form input[type=text] { width: 8.5rem; }
  .code-all { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 1rem; align-items: center; padding: .6rem 1rem; }
  .code-all > * { grid-column: 1; margin: .1rem 0; }
  .code-all > .code-form { grid-column: 2; grid-row: 1 / span 3; }
}
.keys-help { margin: 1rem 0; } .keys-help dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.keys-help dd { margin: 0; }
kbd { font: inherit; font-family: ui-monospace, monospace; padding: 0 .35rem; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: .3rem; background: #fff; }
@media print {
  .shell > .topbar, .shell > .sidebar, .no-print, .skip-link { display: none !important; }
  .shell { display: block; } .paper { border: 0; box-shadow: none; padding: 0; }
  .invoice-page > :not(.invoice-tabs):not(style) { display: none !important; }
  .tab-panels .panel-data { display: none !important; } .tab-panels .panel-document { display: block !important; }
  .tab-panels { border: 0; }
}
`;

export const InvoiceStyles = () => <style dangerouslySetInnerHTML={{ __html: CSS }} />;
