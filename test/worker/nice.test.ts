/*
 * WORKER_NICE: a worker process sharing a machine with web processes yields the cores to the pages (bench/load.ts:
 * page p95 while importing 0.29–0.50 s at nice 0, 0.17–0.24 s at 19; BENCHMARKS.md "Workers at low priority").
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { useSandboxPair } from '../helpers/pagero';
import { startWorker, waitFor } from '../helpers/worker-process';

/** The nice value of each thread of `pid` (field 19 of /proc/<pid>/task/<tid>/stat). */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('WORKER_NICE', { skip: process.platform !== 'linux' && 'reads /proc' }, () => {
  const t = useSandboxPair({}, { seedDemo: false });

  it('lowers every thread of a worker process, the ones started after it too', async () => {
    const worker = await startWorker(t.db, t.pair, { WORKER_NICE: '10' });
    try {
      const pid = worker.child.pid!;
      await waitFor('the worker to take jobs', async () => (await t.db.sql`select 1 from worker_processes where pid = ${pid}`).length > 0, worker.output);
      const nices = threadNices(pid);
      assert.ok(nices.length > 3, `threads: ${nices.length}`);
      assert.deepEqual([...new Set(nices)], [10], `the nice values of its ${nices.length} threads`);
    } finally {
      worker.child.kill('SIGTERM');
      await new Promise((r) => worker.child.once('exit', r));
    }
  });

  it('leaves a worker at its own priority unless set', async () => {
    const worker = await startWorker(t.db, t.pair);
    try {
      const pid = worker.child.pid!;
      await waitFor('the worker to take jobs', async () => (await t.db.sql`select 1 from worker_processes where pid = ${pid}`).length > 0, worker.output);
      const own = Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
      assert.deepEqual([...new Set(threadNices(pid))], [own]);
    } finally {
      worker.child.kill('SIGTERM');
      await new Promise((r) => worker.child.once('exit', r));
    }
  });
});
