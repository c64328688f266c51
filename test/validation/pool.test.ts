/**
 * The pool's scheduling: its processes run under SCHED_IDLE, and its timeout counts their CPU time, so a validation
 * that waits for a core (here: a stopped process) is not reported as too slow, while one that hangs is still stopped.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ValidationPool } from '../../src/validation/pool';
import { corpusText, UBL_PLAIN } from './helpers';

const SCHED_IDLE = 5;
const linux = process.platform === 'linux';

/** Field 41 of /proc/<pid>/task/<tid>/stat is the thread's scheduling policy. */
function policies(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('validation > the pool yields the cores', { skip: !linux && 'needs Linux /proc' }, () => {
  it('runs every thread of its process under SCHED_IDLE', async () => {
    const pool = new ValidationPool({ threads: 1 });
    try {
      await pool.ready();
      const [pid] = pool.pids;
      const found = policies(pid!);
      assert.ok(found.length > 3, `a Node process has several threads, found ${found.length}`);
      assert.deepEqual([...new Set(found)], [SCHED_IDLE]);
    } finally {
      await pool.close();
    }
  });

  it('does not count time spent waiting for a core against the timeout', async () => {
    // A validation of this invoice takes 0.1–0.4 s of CPU on the 2-core machines; the timeout leaves room for a slow one.
    const pool = new ValidationPool({ threads: 1, timeoutMs: 1500 });
    try {
      await pool.ready();
      const [pid] = pool.pids;
      process.kill(pid!, 'SIGSTOP');
      const result = pool.validate(corpusText(UBL_PLAIN));
      await sleep(3000); // two timeouts of wall-clock time, no CPU
      process.kill(pid!, 'SIGCONT');
      const r = await result;
      assert.equal(r.ok ? 'validated' : r.error, 'validated');
      assert.equal(pool.replaced, 0);
    } finally {
      await pool.close();
    }
  });

  it('still stops a process that hangs without using CPU, after 30 times the timeout', async () => {
    const pool = new ValidationPool({ threads: 1, timeoutMs: 100 });
    try {
      await pool.ready();
      const [pid] = pool.pids;
      process.kill(pid!, 'SIGSTOP');
      const started = Date.now();
      const r = await pool.validate(corpusText(UBL_PLAIN));
      const waited = Date.now() - started;
      assert.deepEqual(r, { ok: false, ruleSets: [], findings: [], error: 'the validation took longer than 100 ms and was stopped' });
      assert.ok(waited >= 3000, `stopped after ${waited} ms`);
      assert.equal(pool.replaced, 1);
    } finally {
      await pool.close();
    }
  });
});
