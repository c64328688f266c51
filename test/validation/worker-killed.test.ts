/*
 * A worker process killed with SIGKILL while it validates: its validation processes (children at nice 19) leave
 * at once and say nothing (no EPIPE from a result sent to a dead parent), and the validation job it held is freed
 * by the sweep like any other locked job, so the next worker validates every invoice. (That the sweep judges a
 * process dead after 30 s without a heartbeat is test/sync/worker-crash.test.ts; here the sweep is called at once.)
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { storeDocument } from '../../src/invoices/store';
import { createLogger } from '../../src/logger';
import { VALIDATE_TASK } from '../../src/validation/service';
import { RULES_VERSION } from '../../src/validation/version';
import { sweepDeadWorkers } from '../../src/worker/sweep';
import { useSandboxPair } from '../helpers/pagero';
import { startWorker, waitFor } from '../helpers/worker-process';
import { corpusText, edit, UBL_PLAIN } from './helpers';

const INVOICES = 8;

/** Live (not zombie) processes whose parent is `pid` and that run the validation entry point. */
function validationChildren(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== pid || state === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('src/validation/worker.ts')) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('a worker killed while validating', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  const t = useSandboxPair({}, { seedDemo: false });

  it('takes its validation processes with it, quietly, and the next worker validates what it left', async () => {
    const sql = t.db.sql;
    await sql`delete from graphile_worker._private_jobs`;
    const xml = corpusText(UBL_PLAIN);
    for (let i = 0; i < INVOICES; i++) {
      const bytes = new TextEncoder().encode(edit(xml, '<cbc:ID>12115118</cbc:ID>', `<cbc:ID>KILL-${i}</cbc:ID>`));
      await storeDocument(sql, { source: 'upload', bytes, filename: `kill-${i}.xml` }, { maxBytes: 20 * 1024 * 1024 });
    }
    const states = async () =>
      Object.fromEntries((await sql`select state, count(*)::int as n from invoice_validations group by 1`).map((r) => [r.state, r.n])) as Record<string, number>;
    const validationJobs = () => sql`select locked_by from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = ${VALIDATE_TASK}`;
    assert.deepEqual(await states(), { pending: INVOICES });
    // Only the import's jobs (one invoice each, one at a time) validate them, so results arrive one by one and the kill
    // comes mid-way: marked with the current rules, the pending rows are not also taken up by the worker's start-up
    // sweep of stale results, which validates them all in one batch.
    await sql`update invoice_validations set rules_version = ${RULES_VERSION}`;

    const first = await startWorker(t.db, t.pair, { VALIDATION_THREADS: '2' });
    const pid = first.child.pid!;
    let children: number[] = [];
    let caught = false; // frozen mid-way with a validation job locked
    let closed = false; // every end of the worker's stdout and stderr pipes is shut: the worker and all it started are gone
    first.child.once('close', () => (closed = true));
    await waitFor(
      'the worker to validate with two processes, caught inside a job',
      async () => {
        children = validationChildren(pid);
        if (children.length !== 2 || ((await states()).done ?? 0) === 0) return false;
        // A job may finish between a look at the queue and the kill, so look while the worker is frozen (SIGSTOP), once
        // a query it had already sent has landed; if it was between two jobs, let it go on and look again.
        first.child.kill('SIGSTOP');
        await new Promise((r) => setTimeout(r, 300));
        caught = (await validationJobs()).some((j) => j.lockedBy);
        if (!caught) first.child.kill('SIGCONT');
        return caught;
      },
      first.output,
      120,
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    assert.ok(((await states()).pending ?? 0) > 0, 'killed halfway');
    assert.ok((await validationJobs()).some((j) => j.lockedBy), 'the dead worker left a validation job locked');

    await waitFor('the validation processes to leave', async () => children.every((c) => !alive(c)) && closed, first.output, 30);
    assert.doesNotMatch(first.output(), /EPIPE|Unhandled 'error'|ERR_IPC/);

    const swept = await sweepDeadWorkers(sql, { log: createLogger('silent'), staleAfterSeconds: 0 });
    assert.equal(swept.deadProcesses.length, 1);
    assert.ok(swept.unlockedJobs >= 1);
    const second = await startWorker(t.db, t.pair);
    try {
      await waitFor('the next worker to validate every invoice', async () => (await states()).done === INVOICES && (await validationJobs()).length === 0, second.output, 180);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    assert.deepEqual(validationChildren(second.child.pid!), [], 'a clean stop closes its validation processes too');
  });
});
