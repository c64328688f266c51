/*
 * What background work at the lowest priority does to a page's wake-ups: round trips between two processes over
 * their IPC channel (a page wakes its web process and a PostgreSQL backend ~20 times), on a quiet machine and beside
 * one busy process per core under SCHED_IDLE at nice 19, as the EN 16931 validation processes run. Linux only (chrt).
 *
 *   node --import tsx bench/wakeups.ts [--round-trips 4000]
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

if (process.argv[2] === 'echo') {
  process.on('message', (m) => process.send!(m));
} else if (process.argv[2] === 'busy') {
  // allocation and memory traffic, as SaxonJS does, not just arithmetic
  const table = new Int32Array(16 * 1024 * 1024);
  let j = 1;
  for (;;) {
    for (let i = 0; i < 1e6; i++) {
      j = (j * 1103515245 + 12345) & 0xffffff;
      table[j] = (table[j]! + i) | 0;
    }
    const garbage: { i: number; s: string }[] = [];
    for (let i = 0; i < 1e5; i++) garbage.push({ i, s: `y${i}` });
  }
} else {
  const { values } = parseArgs({ options: { 'round-trips': { type: 'string', default: '4000' } } });
  const roundTrips = Number(values['round-trips']);
  const self = new URL(import.meta.url).pathname;

  const measure = async (label: string) => {
    const echo = fork(self, ['echo'], { execArgv: ['--import', 'tsx'] });
    await new Promise((r) => echo.once('message', r).send('warm'));
    const micros: number[] = [];
    for (let i = 0; i < roundTrips; i++) {
      const t = process.hrtime.bigint();
      await new Promise((r) => echo.once('message', r).send(i));
      micros.push(Number(process.hrtime.bigint() - t) / 1e3);
    }
    echo.kill();
    micros.sort((a, b) => a - b);
    const q = (p: number) => Math.round(micros[Math.floor(micros.length * p)]!);
    console.log(`| ${label} | ${q(0.5)} | ${q(0.95)} | ${q(0.99)} |`);
  };

  console.log('| beside | p50 µs | p95 µs | p99 µs |\n| --- | --- | --- | --- |');
  await measure('nothing');
  const busy = cpus().map(() => spawn(process.execPath, ['--import', 'tsx', self, 'busy'], { stdio: 'ignore' }));
  await new Promise((r) => setTimeout(r, 1500));
  for (const b of busy) execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(b.pid)]);
  for (const b of busy) execFileSync('renice', ['-n', '19', '-p', String(b.pid)], { stdio: 'ignore' });
  await measure(`${busy.length} busy processes, SCHED_IDLE, nice 19`);
  for (const b of busy) execFileSync('chrt', ['--other', '--all-tasks', '--pid', '0', String(b.pid)]);
  await measure(`${busy.length} busy processes, nice 19 (SCHED_OTHER)`);
  for (const b of busy) b.kill();
  await measure('nothing, again');
}
