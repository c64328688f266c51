import type { SyncRun } from '../../src/sync/runs';
import { formatDateTime } from '../../src/format/numbers';


export function SyncCounts({ run }: { run: SyncRun }) {
  return (
    <span>
      {`${run.documentsSeen} seen · ${run.imported} imported · ${run.quarantined} quarantined · ${run.duplicates} duplicates · ${run.errors} errors`}
      {run.alreadyImported > 0 && ` · ${run.alreadyImported} already imported`}
    </span>
  );
}

/** The latest sync of one company; while it runs, the cell refreshes itself every 2 seconds. */
export function SyncCell({ companyId, run }: { companyId: number; run?: SyncRun }) {
  const id = `sync-${companyId}`;
  if (!run) return <div id={id} class="muted">Never synced</div>;
  const running = run.status === 'running';
  return (
    <div id={id} hx-get={running ? `/settings/einvoicing/companies/${companyId}/sync-status` : undefined} hx-trigger={running ? 'every 2s' : undefined} hx-swap="outerHTML">
      <strong class={run.status === 'failed' ? 'error' : undefined}>
        {running ? 'Syncing…' : run.status === 'failed' ? 'Failed' : 'Synced'}
      </strong>{' '}
      <small class="muted">{formatDateTime(run.finishedAt ?? run.startedAt)}</small>
      <br />
      <small><SyncCounts run={run} /></small>
      {run.error && <><br /><small class="error">{run.error}</small></>}
    </div>
  );
}

export function SyncHistory({ name, runs }: { name: string; runs: SyncRun[] }) {
  return (
    <>
      <div class="page-header">
        <h1>{`Sync history · ${name}`}</h1>
        <a href="/settings/einvoicing">Back to E-invoicing</a>
      </div>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr><th scope="col">Started</th><th scope="col">Trigger</th><th scope="col">Status</th><th scope="col">Documents</th><th scope="col">Error</th></tr>
          </thead>
          <tbody>
            {runs.length === 0 && <tr><td colspan={5} class="muted">No sync yet.</td></tr>}
            {runs.map((run) => (
              <tr>
                <td>{formatDateTime(run.startedAt)}</td>
                <td>{run.trigger}</td>
                <td>{run.status}</td>
                <td><SyncCounts run={run} /></td>
                <td>{run.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
