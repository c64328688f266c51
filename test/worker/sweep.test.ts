/*
 * The dead-worker sweep: runs and jobs of a process whose heartbeat went stale are closed and
 * freed; a live process's are left alone, whatever their age.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { once } from 'node:events';
import { DEAD_WORKER_RUN_ERROR, pidNamespace, sweepDeadWorkers } from '../../src/worker/sweep';
import { useTestDatabase } from '../helpers/database';

describe('sweeping up after dead worker processes', () => {
  const t = useTestDatabase();
  const log = createLogger('silent');

  it('fails the runs and frees the jobs of a stale process only', async () => {
    const sql = t.db.sql;
    // Setup: a process that stopped beating a minute ago, and one that beats
    await sql`insert into worker_processes (id, hostname, pid, graphile_worker_ids, seen_at) values
      ('dead-host:1:aa', 'dead-host', 1, array['worker-dead-1', 'worker-dead-2'], now() - interval '1 minute'),
      ('live-host:2:bb', 'live-host', 2, array['worker-live-1'], now() - interval '3 seconds')`;
    const [company] = await sql`insert into pagero_companies (pagero_company_id, name) values ('sweep-co', 'Sweep AB') returning id::int`;
    const run = async (processId: string | null, status: string, heartbeatAgo: string) =>
      (await sql`insert into sync_runs (company_id, trigger, status, worker_process_id, heartbeat_at, started_at)
                 values (${company!.id}, 'schedule', ${status}, ${processId}, now() - ${heartbeatAgo}::interval, now() - interval '2 hours')
                 returning id::int`)[0]!.id as number;
    const deadRun = await run('dead-host:1:aa', 'running', '40 seconds');
    const deadButDone = await run('dead-host:1:aa', 'succeeded', '1 hour');
    const liveRun = await run('live-host:2:bb', 'running', '1 hour'); // a long page: its process beats, so it lives
    const orphan = await run(null, 'running', '11 minutes');
    const recentOrphan = await run(null, 'running', '1 minute');
    const job = async (key: string, lockedBy: string | null) => {
      const [row] = await sql`select id::int from graphile_worker.add_job('pagero_companies__sync', '{}'::json, job_key => ${key})`;
      if (lockedBy) await sql`update graphile_worker._private_jobs set locked_by = ${lockedBy}, locked_at = now() - interval '2 hours', attempts = 1 where id = ${row!.id}`;
      return row!.id as number;
    };
    const waitingJob = await job('w', null); // another company's sync, queued before the killed one
    const deadJob = await job('a', 'worker-dead-2');
    const liveJob = await job('b', 'worker-live-1');
    const strangerJob = await job('c', 'worker-of-no-known-process');

    // Action
    const result = await sweepDeadWorkers(sql, { log });

    // Assertions
    assert.deepEqual(result, { deadProcesses: ['dead-host:1:aa'], failedRuns: 2, unlockedJobs: 1 });
    const runs = new Map((await sql`select id::int, status, error, finished_at from sync_runs`).map((r) => [r.id, r]));
    assert.equal(runs.get(deadRun)!.status, 'failed');
    assert.equal(runs.get(deadRun)!.error, DEAD_WORKER_RUN_ERROR);
    assert.ok(runs.get(deadRun)!.finishedAt);
    assert.match(DEAD_WORKER_RUN_ERROR, /^The worker process .*\.$/);
    assert.equal(runs.get(deadButDone)!.status, 'succeeded');
    assert.equal(runs.get(liveRun)!.status, 'running');
    assert.equal(runs.get(orphan)!.status, 'failed');
    assert.equal(runs.get(recentOrphan)!.status, 'running');
    const jobs = new Map((await sql`select id::int, locked_by from graphile_worker._private_jobs`).map((j) => [j.id, j.lockedBy]));
    assert.equal(jobs.get(deadJob), null, 'freed for another worker at once');
    const [next] = await sql`select id::int from graphile_worker._private_jobs where locked_at is null order by priority, run_at, id limit 1`;
    assert.equal(next!.id, deadJob, 'and first in line, ahead of jobs queued before it');
    assert.equal(jobs.get(waitingJob), null);
    assert.equal(jobs.get(liveJob), 'worker-live-1');
    assert.equal(jobs.get(strangerJob), 'worker-of-no-known-process', 'only workers known to be dead are unlocked');
    assert.deepEqual((await sql`select id from worker_processes`).map((p) => p.id), ['live-host:2:bb']);

    // A second sweep (another process at the same moment) finds nothing left to do
    assert.deepEqual(await sweepDeadWorkers(sql, { log }), { deadProcesses: [], failedRuns: 0, unlockedJobs: 0 });
  });

  it('frees at once the jobs of a process on this machine whose pid is gone, heartbeat fresh or not', async () => {
    const sql = t.db.sql;
    const namespace = pidNamespace();
    assert.ok(namespace, 'Linux: boot id and PID namespace readable');
    // Setup: a child that exited (its pid is gone), a child still running, and a gone pid on another machine
    const exited = spawn(process.execPath, ['-e', '']);
    await once(exited, 'exit');
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await sql`insert into worker_processes (id, hostname, pid, pid_namespace, graphile_worker_ids, seen_at) values
        ('here-gone', ${hostname()}, ${exited.pid!}, ${namespace}, array['worker-here-gone'], now()),
        ('here-alive', ${hostname()}, ${running.pid!}, ${namespace}, array['worker-here-alive'], now()),
        ('other-boot', ${hostname()}, ${exited.pid!}, ${'another-boot/' + namespace.split('/')[1]}, array['worker-other-boot'], now()),
        ('no-namespace', ${hostname()}, ${exited.pid!}, null, array['worker-no-namespace'], now())`;
      const job = async (key: string, lockedBy: string) => {
        const [row] = await sql`select id::int from graphile_worker.add_job('pagero_companies__sync', '{}'::json, job_key => ${key})`;
        await sql`update graphile_worker._private_jobs set locked_by = ${lockedBy}, locked_at = now(), attempts = 1 where id = ${row!.id}`;
        return row!.id as number;
      };
      const goneJob = await job('gone', 'worker-here-gone');
      await job('alive', 'worker-here-alive');
      await job('other', 'worker-other-boot');
      await job('none', 'worker-no-namespace');

      // Action: a sweep right away, well inside the 30 s a stale heartbeat needs
      const result = await sweepDeadWorkers(sql, { log, self: 'the-sweeper' });

      // Assertions: only the process this machine can see is gone
      assert.deepEqual(result, { deadProcesses: ['here-gone'], failedRuns: 0, unlockedJobs: 1 });
      const locked = new Map((await sql`select id::int, locked_by, priority from graphile_worker._private_jobs`).map((j) => [j.id, j]));
      assert.equal(locked.get(goneJob)!.lockedBy, null);
      assert.equal(locked.get(goneJob)!.priority, -1);
      assert.deepEqual((await sql`select locked_by from graphile_worker._private_jobs where key in ('gone', 'alive', 'other', 'none') and locked_by is not null order by 1`).map((j) => j.lockedBy),
        ['worker-here-alive', 'worker-no-namespace', 'worker-other-boot']);
    } finally {
      running.kill();
    }
  });

  it('waits, at a worker’s start-up, for a sweep under way instead of skipping the rows it holds', async () => {
    const sql = t.db.sql;
    await sql`delete from worker_processes`;
    await sql`insert into worker_processes (id, hostname, pid, graphile_worker_ids, seen_at) values ('held', 'elsewhere', 1, array['worker-held'], now() - interval '1 hour')`;
    // Another process's sweep holds the dead process's row (the survivor's heartbeat sweep, mid-way)
    const other = await sql.reserve();
    try {
      await other`begin`;
      await other`select id from worker_processes where id = 'held' for update`;
      // A heartbeat sweep skips the row; a start-up sweep waits for it
      assert.deepEqual((await sweepDeadWorkers(sql, { log, self: 'heartbeat' })).deadProcesses, []);
      let done = false;
      const startUp = sweepDeadWorkers(sql, { log, self: 'starting', waitForOthers: true }).then((r) => ((done = true), r));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(done, false, 'the start-up sweep waits for the other to finish');
      await other`commit`; // the other sweep ends without taking the row: the waiting one does
      assert.deepEqual((await startUp).deadProcesses, ['held']);
    } finally {
      other.release();
    }
  });
});
