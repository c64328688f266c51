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
