/* The Approvals pages' own styles; on narrow screens the table becomes one card per invoice, so no column is off-screen. */
const css = `
.approvals-table td.amount, .approvals-table th.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.approvals-table td.step, .approvals-table td.supplier { white-space: normal; min-width: 8rem; }
.approvals-table td.due .badge { display: block; width: max-content; margin: .15rem 0 0; }
.approvals-table .warning { display: block; color: var(--danger); }
.due-soon { color: var(--danger); }
.badge { display: inline-block; margin-left: .4rem; padding: 0 .4rem; border-radius: 999px; background: #fef3f2; border: 1px solid #fecdca; color: var(--danger); font-size: .8rem; }
.bulk-actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.chain { list-style: none; padding: 0; margin: .5rem 0; }
.chain li { padding: .4rem 0 .4rem 1.6rem; border-left: 3px solid var(--line); position: relative; margin-left: .4rem; }
.chain li::before { content: ''; position: absolute; left: -.55rem; top: .65rem; width: .8rem; height: .8rem; border-radius: 50%; background: var(--card); border: 2px solid var(--line); }
.chain li.done::before { background: var(--ok); border-color: var(--ok); }
.chain li.current { font-weight: 600; } .chain li.current::before { border-color: var(--brand); background: #e7effb; }
.chain small { display: block; font-weight: 400; }
.approval-forms details { margin-top: .5rem; }
@media (max-width: 40rem) {
  .approvals-table { border: 0; background: none; }
  .approvals-table table, .approvals-table tbody, .approvals-table tr, .approvals-table td { display: block; width: 100%; }
  .approvals-table thead { position: absolute; left: -9999px; }
  .approvals-table tr { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; margin-bottom: .75rem; padding: .25rem 0; }
  .approvals-table td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: .3rem .75rem; white-space: normal; text-align: right; }
  .approvals-table td::before { content: attr(data-label); font-weight: 600; text-align: left; }
  .approvals-table td.amount { text-align: right; }
  .approvals-table td.step, .approvals-table td.supplier { min-width: 0; }
  .approvals-table td.step { display: block; text-align: left; }
  .approvals-table td.step::before { display: block; }
  .approvals-table td.due .badge { display: inline-block; margin-left: .4rem; }
}
`;

export const ApprovalStyles = () => <style dangerouslySetInnerHTML={{ __html: css }} />;
