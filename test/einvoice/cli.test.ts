import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertOneSentence } from './helpers';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = 'test/einvoice/fixtures/';
const scratch = mkdtempSync(join(tmpdir(), 'einvoice-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/einvoice/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { status: run.status, lines, stderr: run.stderr };
}

test('prints one JSON line per file, in order, and exits 0 when all parsed', () => {
  const files = [`${fixtures}peppol-minimal.xml`, `${fixtures}fatturapa-minimal.xml.p7m`];
  const { status, lines, stderr } = cli(...files);
  assert.equal(status, 0);
  assert.equal(stderr, '');
  assert.deepEqual(lines.map((l) => l.file), files);
  assert.equal(lines[0].invoices[0].invoiceNumber, 'INV-Ø-2024-001');
  assert.equal(lines[1].invoices[0].format, 'fatturapa');
  assert.equal('content' in lines[1].invoices[0], false);
});

test('errors are one sentence per file, exit 1, never a stack trace', () => {
  const bad = join(scratch, 'order.xml');
  writeFileSync(bad, '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>');
  const huge = join(scratch, 'huge.xml');
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
  const files = [bad, `${fixtures}peppol-minimal.xml`, join(scratch, 'missing.xml'), huge, scratch];
  const start = performance.now();
  const { status, lines, stderr } = cli(...files);
  assert.ok(performance.now() - start < 10_000);
  assert.equal(status, 1);
  assert.equal(stderr, '');
  assert.deepEqual(lines.map((l) => l.file), files);
  assert.ok(lines[1].invoices);
  for (const i of [0, 2, 3, 4]) {
    assert.equal(typeof lines[i].error, 'string');
    assertOneSentence(lines[i].error);
  }
  assert.match(lines[3].error, /over the 20 MB limit/);
});

test('--max-bytes sets the size limit', () => {
  const { status, lines } = cli('--max-bytes', '1000', `${fixtures}peppol-minimal.xml`);
  assert.equal(status, 1);
  assert.match(lines[0].error, /over the .* MB limit/);
});

test('reads the shared corpus end to end', () => {
  const { status, lines } = cli('../shared/corpus/ubl/OpenPEPPOL-peppol-bis-invoice-3__base-example.xml', '../shared/corpus/cii/ConnectingEurope-eInvoicing-EN16931__CII_example1.xml');
  assert.equal(status, 0);
  assert.equal(lines.length, 2);
});
