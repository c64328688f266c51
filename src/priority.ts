import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers this process to nice `nice` (0–19). On Linux each thread has its own nice value and setpriority(pid) changes
 * only the calling thread's, so every thread (V8's garbage-collection helpers included) is lowered; threads started
 * later inherit it. Lowering needs no privileges.
 */
export function lowerPriority(nice: number) {
  try {
    setPriority(0, nice);
    for (const tid of readdirSync('/proc/self/task').map(Number)) if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // not Linux, or no /proc: the main thread at least runs at low priority where setPriority(0) works
  }
}

/**
 * Puts every thread of this process under SCHED_IDLE, the Linux policy for work that should run only when nothing
 * else wants the core; threads started later inherit it. Returns false where that is not possible (not Linux, no
 * util-linux `chrt`), and the nice value set by lowerPriority is all there is.
 *
 * Why more than nice 19: under Linux's EEVDF scheduler a nice-19 process that has just been given a core keeps it for
 * its slice (a few ms) even when a page's web process or PostgreSQL backend wakes up, and a page wakes them ~20 times.
 * A SCHED_IDLE thread is preempted at every such wake-up. Node has no binding for sched_setscheduler, hence chrt.
 */
export function idlePolicy(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
