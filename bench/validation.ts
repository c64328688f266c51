/*
 * Validation benchmark: the official rules (src/validation) through the worker-thread pool on 20-line invoices,
 * with 1 and 2 threads. Each thread count runs in a child process of its own, so its peak resident memory
 * (VmHWM: this process plus the validation processes) is its own.
 *
 *   npx tsx bench/validation.ts [--count 200] [--threads 1,2]
 *
 * Workloads: the corpus's 20-line UBL (ubl-tc434-example1, EN 16931) and CII (CII_example1, EN 16931), and the
 * sandbox's 20-line Peppol BIS 3 UBL from Germany (EN 16931 + Peppol). Each invoice is validated once, `count`
 * invoices per workload, after the pool has loaded and warmed the rules.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DEMO_COMPANIES, DEMO_COMPANY_IDS, generateBulkInvoices } from '../src/pagero-sandbox/seed-demo';
import { ValidationPool } from '../src/validation/pool';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '200' }, threads: { type: 'string', default: '1,2' }, child: { type: 'string' } },
});
const count = Number(values.count);
const CORPUS = new URL('../../shared/corpus/', import.meta.url);

type Figures = { workload: string; invoices: number; seconds: number; perHour: number; medianMs: number; cpuMs: number; fatal: number };

async function runChild(threads: number) {
  const workloads: Record<string, string[]> = {
    'UBL 20 lines, EN 16931': Array(count).fill(readFileSync(new URL('ubl/ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example1.xml', CORPUS), 'utf8')),
    'CII 20 lines, EN 16931': Array(count).fill(readFileSync(new URL('cii/ConnectingEurope-eInvoicing-EN16931__CII_example1.xml', CORPUS), 'utf8')),
    'UBL 20 lines, EN 16931 + Peppol BIS 3': generateBulkInvoices({ company: DEMO_COMPANIES.find((c) => c.id === DEMO_COMPANY_IDS.germany)!, count, lines: 20, seed: 7 }).map((d) =>
      Buffer.from(d.targetDocument() as Uint8Array).toString('utf8'),
    ),
  };
  const started = performance.now();
  const pool = new ValidationPool({ threads });
  await pool.ready();
  const warmMs = performance.now() - started;
  const figures: Figures[] = [];
  for (const [workload, documents] of Object.entries(workloads)) {
    const times: number[] = [];
    let fatal = 0;
    const t0 = performance.now();
    const cpu0 = processTreeCpuMs(); // this process and the validation processes
    await Promise.all(
      documents.map(async (xml) => {
        const t = performance.now();
        const result = await pool.validate(xml);
        times.push(performance.now() - t);
        if (!result.ok) throw new Error(result.error);
        fatal += result.findings.filter((f) => f.severity === 'fatal').length;
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpuMs = (processTreeCpuMs() - cpu0) / documents.length;
    // With every invoice queued at once a wait includes the queue; per-invoice time = elapsed × threads / count.
    figures.push({ workload, invoices: documents.length, seconds: round(seconds), perHour: Math.round((documents.length / seconds) * 3600), medianMs: round((seconds * 1000 * threads) / documents.length), cpuMs: round(cpuMs), fatal });
  }
  const hwmKb = [String(process.pid), ...children()].reduce((sum, pid) => sum + Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0), 0);
  await pool.close();
  console.log(JSON.stringify({ threads, loadAndWarmSeconds: round(warmMs / 1000), peakRssMb: Math.round(hwmKb / 1024), figures }));
}

const round = (n: number) => Math.round(n * 10) / 10;

const children = () => readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);

/** CPU of this process (generating nothing while it waits) and of every validation process, in ms. */
function processTreeCpuMs(): number {
  const own = process.cpuUsage();
  let ticks = 0;
  for (const pid of children()) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (own.user + own.system) / 1000 + ticks * 10;
}

if (values.child) {
  await runChild(Number(values.child));
} else {
  console.log(`# ${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model} · load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · Node ${process.version}`);
  for (const threads of values.threads!.split(',').map(Number)) {
    const out = execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--child', String(threads), '--count', String(count)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as { threads: number; loadAndWarmSeconds: number; peakRssMb: number; figures: Figures[] };
    console.log(`\n${threads} thread(s): rules loaded and warmed in ${result.loadAndWarmSeconds} s, peak RSS ${result.peakRssMb} MB`);
    for (const f of result.figures) console.log(`  ${f.workload}: ${f.invoices} in ${f.seconds} s = ${f.perHour.toLocaleString('en')} an hour (${f.medianMs} ms each per thread, ${f.cpuMs} ms CPU each = ${Math.round(3_600_000 / f.cpuMs).toLocaleString('en')} an hour per free core; ${f.fatal} fatal findings)`);
  }
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
