/*
 * Where a phase of bench/load.ts spends CPU: the web processes, the worker processes, the PostgreSQL
 * backends serving the web processes (application_name `apdesk web`) and the rest (the workers' and the
 * job queue's), the workers' EN 16931 validation processes (their children, at nice 19), PostgreSQL's
 * autovacuum workers, and this bench itself
 * (the 50 simulated users). Backends come and go (autovacuum workers live for seconds), so they are
 * sampled every second; a process first seen during the phase counts all its CPU, one seen at the
 * start only what it used since. (Counting every backend of the database at the phase's two ends
 * put autovacuum's work after the import into "PostgreSQL CPU per request", which varied 2–5×.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Sql } from '../../src/db/connection';

export type CpuSplit = { web: number; workers: number; validation: number; postgresWeb: number; postgresOther: number; autovacuum: number; bench: number };

export function cpuMeter(sql: Sql, processes: () => { web: number[]; workers: number[] }) {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  let benchStart = process.cpuUsage();
  let timer: NodeJS.Timeout | null = null;
  let sampling: Promise<void> = Promise.resolve();
  /** Each sample's CPU seconds of every kind since start(), for a per-second timeline. */
  let history: { at: number; totals: CpuSplit }[] = [];

  const see = (key: string, seconds: number | null, atStart: boolean) => {
    if (seconds === null) return;
    if (!first.has(key)) first.set(key, atStart ? seconds : 0);
    last.set(key, Math.max(last.get(key) ?? 0, seconds));
  };
  const sample = async (atStart = false) => {
    const { web, workers } = processes();
    for (const pid of web) see(`web:${pid}`, cpuSeconds(pid), atStart);
    for (const pid of workers) see(`workers:${pid}`, cpuSeconds(pid), atStart);
    for (const pid of childrenOf(workers)) see(`validation:${pid}`, cpuSeconds(pid), atStart);
    const backends = await sql<{ pid: number; kind: string }[]>`
      select pid, case when backend_type = 'autovacuum worker' then 'autovacuum' when application_name = 'apdesk web' then 'postgresWeb' else 'postgresOther' end as kind
      from pg_stat_activity
      where (datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()) or backend_type = 'autovacuum worker'`.catch(() => []);
    for (const b of backends) see(`${b.kind}:${b.pid}`, cpuSeconds(b.pid), atStart);
    history.push({ at: performance.now(), totals: totals() });
  };
  const totals = (): CpuSplit => {
    const split: CpuSplit = { web: 0, workers: 0, validation: 0, postgresWeb: 0, postgresOther: 0, autovacuum: 0, bench: 0 };
    for (const [key, end] of last) split[key.split(':')[0] as keyof CpuSplit] += end - (first.get(key) ?? 0);
    const bench = process.cpuUsage(benchStart);
    split.bench = (bench.user + bench.system) / 1e6;
    return split;
  };

  return {
    async start() {
      first.clear();
      last.clear();
      history = [];
      benchStart = process.cpuUsage();
      await sample(true);
      timer = setInterval(() => (sampling = sample()), 1000);
    },
    /** CPU seconds of each kind since start(). */
    async stop(): Promise<CpuSplit> {
      if (timer) clearInterval(timer);
      await sampling;
      await sample();
      return totals();
    },
    /** CPU seconds of each kind used in each sample's second between `from` and `to` (performance.now()). */
    perSecond(from: number, to: number): { at: number; cpu: CpuSplit }[] {
      const out: { at: number; cpu: CpuSplit }[] = [];
      for (let i = 1; i < history.length; i++) {
        const { at, totals: now } = history[i]!;
        if (at < from || at > to) continue;
        const before = history[i - 1]!.totals;
        const cpu = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, Number((v - before[k as keyof CpuSplit]).toFixed(2))])) as CpuSplit;
        out.push({ at, cpu });
      }
      return out;
    },
  };
}

export function childrenOf(parents: number[]): number[] {
  const wanted = new Set(parents.map(String));
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (wanted.has(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!)) found.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return found;
}

function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
