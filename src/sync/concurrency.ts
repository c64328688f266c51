/*
 * SYNC_CONCURRENCY: how many company syncs one worker process runs at once. A sync keeps
 * about one core busy (reading XML), so more syncs than cores in one process only slow each
 * other down while another worker process sits idle. Sync jobs carry the flag 'sync'; while
 * a process is at its limit its graphile-worker fetches jobs with that flag forbidden, so
 * the next company goes to another process (or waits).
 * A process's workers fetch at the same moment when it starts (a worker restarted after kill -9
 * fetched the killed company's resumed job and a waiting company together): the resumed one runs
 * even past the limit, instead of going back to the queue behind both running companies (66 s
 * in bench/load.ts --faults, against the minute the issue allows).
 *
 * `yielding.flags` are jobs a process leaves to others while it runs any sync at all: EN 16931
 * validation (src/validation/service.ts). Its processes run at nice 19, yet on two cores they cost
 * an import running beside them about a tenth of its speed (bench/sync.ts, BENCHMARKS.md), and
 * during a large import they validate almost nothing anyway. So a syncing process fetches no
 * validation job; a process that is not syncing takes it, and the syncing one does once it is done,
 * or once `unless` says the yielding jobs have waited long enough (a sync slowed by Pagero's rate
 * limit can run for hours).
 */
export const SYNC_FLAG = 'sync';

export type Yielding = { flags: readonly string[]; unless?: () => Promise<boolean> };

export class SyncSlots {
  private active = 0;
  constructor(
    readonly limit: number,
    private readonly yielding: Yielding = { flags: [] },
  ) {}

  /**
   * Takes a slot, or answers false when the process is full (two of its workers can fetch at the same
   * moment). `pastTheLimit`: take one anyway (a sync a dead worker left, which must not wait for another company's).
   */
  take(pastTheLimit = false): boolean {
    if (this.active >= this.limit && !pastTheLimit) return false;
    this.active += 1;
    return true;
  }

  release() {
    this.active = Math.max(0, this.active - 1);
  }

  /** graphile-worker's forbiddenFlags: no sync job while every slot is taken, no yielding job while any is. */
  forbiddenFlags = async (): Promise<string[] | null> => {
    const forbidden = this.active >= this.limit ? [SYNC_FLAG] : [];
    if (this.active > 0 && this.yielding.flags.length > 0 && !(await this.yielding.unless?.())) forbidden.push(...this.yielding.flags);
    return forbidden.length ? forbidden : null;
  };
}
