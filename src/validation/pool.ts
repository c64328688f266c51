/**
 * A fixed pool of validation processes (VALIDATION_THREADS, default 1). SaxonJS is synchronous and takes ~30–60 ms
 * an invoice, so it never runs on an event loop that serves requests or other jobs. Each process loads and warms the
 * rule sets once. A validation that uses more than the timeout (10 s) of CPU time is stopped by killing its process; a
 * process that dies for any reason is replaced; either way the invoice is reported as "could not be validated", never
 * as valid.
 *
 * The timeout counts the process's CPU time, not the clock: it runs under SCHED_IDLE (worker.ts) and may wait for a
 * core for as long as the import and the pages keep both busy, which says nothing about the document. A wall-clock
 * cap of WALL_FACTOR times the timeout still stops a process that hangs without using CPU.
 *
 * Child processes rather than worker threads: validation is background work and runs at nice 19, and a thread can
 * only lower its own priority, not that of V8's garbage-collection helper threads, which a worker thread shares with
 * the main thread. Measured with threads, a fifth of validation's CPU ran in those helpers at normal priority,
 * competing with the import; a process of its own lowers every one of its threads (worker.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { EngineResult } from './engine';

export type PoolOptions = {
  threads: number;
  timeoutMs?: number;
  /** Lets tests kill a thread on purpose (message { crash: true }). */
  allowCrashForTests?: boolean;
};

type Task = { id: number; xml: string | null; resolve: (r: EngineResult) => void };

type Slot = {
  worker: ChildProcess;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  retired: boolean;
  /** When the current task was sent: the clock, and the process's CPU time (null where /proc cannot tell). */
  sentAt: number;
  cpuAtSend: number | null;
};

const WALL_FACTOR = 30;
/** The least a re-armed timer waits, so a process just short of its budget is not polled in a tight loop. */
const MIN_RECHECK_MS = 20;

const WORKER_PATH = new URL('./worker.ts', import.meta.url).pathname;

/** The loader flags of this process (tsx) pass on to the children; test-runner, inspector and profiler flags do not. */
function childExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^--(import|require|loader|experimental-loader)=/.test(a) || /^--(conditions|enable-source-maps)/.test(a)) out.push(a);
    else if (/^(--import|--require|-r|--loader|--experimental-loader)$/.test(a) && i + 1 < argv.length) out.push(a, argv[++i]!);
  }
  // A young generation of 8 MB a semi-space, and an old generation cap that stops a runaway document.
  return [...out, '--max-semi-space-size=8', '--max-old-space-size=768'];
}

export class ValidationPool {
  readonly threads: number;
  readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  private readyWaiters: Array<() => void> = [];
  /** Counts for /metrics and tests: threads replaced after dying or timing out. */
  replaced = 0;

  constructor(private readonly options: PoolOptions) {
    this.threads = Math.max(1, Math.floor(options.threads));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    for (let i = 0; i < this.threads; i++) this.slots.push(this.spawn());
  }

  /** The validation processes' ids, for /proc readings in tests. */
  get pids(): number[] {
    return this.slots.map((s) => s.worker.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Resolves when every thread has loaded and warmed the rules. */
  ready(): Promise<void> {
    if (this.slots.every((s) => s.ready)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  validate(xml: string): Promise<EngineResult> {
    if (this.closed) return Promise.resolve({ ok: false, ruleSets: [], findings: [], error: 'the validation pool is closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, xml, resolve });
      this.dispatch();
    });
  }

  /** Test hook: the next free thread exits as if it had crashed. */
  crashOne(): Promise<EngineResult> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, xml: null, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.resolve({ ok: false, ruleSets: [], findings: [], error: 'the validation pool was closed' });
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.retired = true;
        if (slot.timer) clearTimeout(slot.timer);
        if (slot.task) slot.task.resolve({ ok: false, ruleSets: [], findings: [], error: 'the validation pool was closed' });
        await terminate(slot.worker);
      }),
    );
  }

  private spawn(): Slot {
    const worker = fork(WORKER_PATH, [], {
      execArgv: childExecArgv(),
      env: { ...process.env, APDESK_VALIDATION_ALLOW_CRASH: this.options.allowCrashForTests === true ? '1' : '' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const slot: Slot = { worker, ready: false, task: null, timer: null, retired: false, sentAt: 0, cpuAtSend: null };
    // An idle pool never keeps the process alive: the channel is held only while warming up or validating.
    worker.unref();
    worker.on('message', (msg: { ready?: true; id?: number; result?: EngineResult }) => {
      if (msg.ready) {
        slot.ready = true;
        if (!slot.task) worker.channel?.unref();
        if (this.slots.every((s) => s.ready)) for (const w of this.readyWaiters.splice(0)) w();
        this.dispatch();
        return;
      }
      if (slot.task && msg.id === slot.task.id && msg.result) this.finish(slot, msg.result);
    });
    worker.on('error', (err) => this.lost(slot, `the validation process failed: ${err.message}`));
    worker.on('exit', (code, signal) => this.lost(slot, `the validation process stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`));
    return slot;
  }

  private finish(slot: Slot, result: EngineResult) {
    if (slot.timer) clearTimeout(slot.timer);
    hold(slot.worker, false);
    const task = slot.task!;
    slot.task = null;
    slot.timer = null;
    task.resolve(result);
    this.dispatch();
  }

  /** The thread is gone (crash, out of memory) or must go (timeout): answer its task and start a new thread. */
  private lost(slot: Slot, why: string) {
    if (slot.retired) return;
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    const task = slot.task;
    slot.task = null;
    void terminate(slot.worker);
    if (task) task.resolve({ ok: false, ruleSets: [], findings: [], error: why });
    if (this.closed) return;
    this.replaced++;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.spawn();
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task || slot.retired) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      hold(slot.worker, true);
      if (task.xml === null) {
        slot.worker.send({ id: task.id, crash: true });
        continue;
      }
      slot.sentAt = Date.now();
      slot.cpuAtSend = processCpuMs(slot.worker.pid);
      this.armTimeout(slot, this.timeoutMs);
      slot.worker.send({ id: task.id, xml: task.xml });
    }
  }

  private armTimeout(slot: Slot, delayMs: number) {
    slot.timer = setTimeout(() => {
      slot.timer = null;
      const now = processCpuMs(slot.worker.pid);
      const cpuUsed = now !== null && slot.cpuAtSend !== null ? now - slot.cpuAtSend : null;
      const wallUsed = Date.now() - slot.sentAt;
      if (cpuUsed !== null && cpuUsed < this.timeoutMs && wallUsed < this.timeoutMs * WALL_FACTOR) {
        this.armTimeout(slot, Math.max(this.timeoutMs - cpuUsed, MIN_RECHECK_MS));
        return;
      }
      const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
      this.lost(slot, `the validation took longer than ${limit} and was stopped`);
    }, delayMs);
  }
}

/**
 * The CPU time (user + system, all threads) a process has used, in ms, from /proc/<pid>/stat; null off Linux or once the
 * process is gone. Fields 14 and 15 count clock ticks, which Linux exposes at USER_HZ = 100 on every architecture Node
 * runs on.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * A process with a task keeps this one alive until it answers or exits: both its channel (for the answer) and its own
 * handle (for the 'exit' event of a crash, which comes after the channel closes).
 */
function hold(child: ChildProcess, busy: boolean) {
  if (busy) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.ref(); // until it is gone
    child.kill('SIGKILL');
  });
}
