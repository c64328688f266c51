/* The invoice pages' own styles (static text of ours, never user data), next to the pages that use them. */
const CSS = `
.view-tabs, .status-tabs { display: flex; flex-wrap: wrap; gap: .35rem; margin: 0 0 .75rem; padding: 0; list-style: none; }
.view-tabs a, .status-tabs a { padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; background: var(--card); }
.view-tabs a[aria-current], .status-tabs a[aria-current] { background: #e7effb; border-color: var(--brand); font-weight: 600; }
.status-tabs .n { color: var(--muted); margin-left: .3rem; font-variant-numeric: tabular-nums; }
form.filters { max-width: none; display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .25rem 1rem; align-items: end; }
form.filters .field { margin-bottom: .5rem; } form.filters .wide { grid-column: span 2; }
@media (max-width: 40rem) { form.filters { grid-template-columns: 1fr; } form.filters .wide { grid-column: auto; } }
form.filters .actions { display: flex; gap: .5rem; align-items: center; margin-bottom: .5rem; }
.bulk-bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0; }
.bulk-bar .field { margin: 0; }
td.amount, th.amount { text-align: right; font-variant-numeric: tabular-nums; }
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
