import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { JobHelpers } from 'graphile-worker';
import { invoicesValidate } from '../../jobs/invoices__validate';
import type { JobDeps } from '../../jobs/index';
import { storeDocument } from '../../src/invoices/store';
import { createLogger } from '../../src/logger';
import { queueStaleValidations } from '../../src/validation/service';
import { closeValidationPool } from '../../src/validation/shared-pool';
import { RULES_VERSION } from '../../src/validation/version';
import { testConfig } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { corpusText, edit, FATTURAPA, UBL_PLAIN } from './helpers';

const upload = (sql: Parameters<typeof storeDocument>[0], xml: string, filename = 'x.xml') =>
  storeDocument(sql, { source: 'upload', bytes: new TextEncoder().encode(xml), filename }, { maxBytes: 20 * 1024 * 1024 });

describe('jobs > invoices__validate', () => {
  const t = useTestDatabase();
  after(closeValidationPool);
  const run = (payload: unknown) => {
    const deps = { sql: t.db.sql, log: createLogger('silent'), config: testConfig() } as unknown as JobDeps;
    return invoicesValidate(deps)(payload, {} as JobHelpers) as Promise<void>;
  };
  const validationOf = async (id: number) => {
    const [v] = await t.db.sql<{ state: string; rulesVersion: string; ruleSets: string[]; fatalCount: number; error: string | null }[]>`select state, rules_version, rule_sets, fatal_count, error from invoice_validations where invoice_id = ${id}`;
    const findings = await t.db.sql`select rule_id, severity from invoice_validation_findings where invoice_id = ${id} order by position`;
    return { ...v, findings: findings.map((f) => `${f.ruleId}:${f.severity}`) };
  };

  const jobsOf = async (task: string) =>
    (
      await t.db.sql`
        select j.payload, q.queue_name from graphile_worker._private_jobs j
        join graphile_worker._private_tasks k on k.id = j.task_id
        left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
        where k.identifier = ${task} order by j.id`
    ).map((r) => (r.queueName ? { payload: r.payload, queueName: r.queueName } : { payload: r.payload }));

  it('queues the stored invoices in the import transaction, and validating them stores each result with the rules version', async () => {
    // Setup
    const good = await upload(t.db.sql, corpusText(UBL_PLAIN));
    const bad = await upload(t.db.sql, edit(corpusText(UBL_PLAIN), '<cbc:TaxAmount currencyID="EUR">20.73</cbc:TaxAmount>', '<cbc:TaxAmount currencyID="EUR">21.73</cbc:TaxAmount>'));
    const ids = [...good.invoiceIds, ...bad.invoiceIds];
    assert.equal((await validationOf(ids[0]!)).state, 'pending');
    const jobs = await jobsOf('invoices__validate');
    assert.deepEqual(jobs, [{ payload: { invoiceIds: [ids[0]] }, queueName: 'invoices__validate' }, { payload: { invoiceIds: [ids[1]] }, queueName: 'invoices__validate' }]);
    // Action
    await run({ invoiceIds: ids });
    // Assertions
    assert.deepEqual(await validationOf(ids[0]!), { state: 'done', rulesVersion: RULES_VERSION, ruleSets: ['en16931-ubl'], fatalCount: 0, error: null, findings: [] });
    const failing = await validationOf(ids[1]!);
    assert.equal(failing.state, 'done');
    assert.ok(failing.findings.includes('BR-CO-15:fatal'), failing.findings.join());
    assert.equal(failing.fatalCount, failing.findings.filter((f) => f.endsWith(':fatal')).length);
  });

  it('checks FatturaPA for EN 16931 mandatory content with the reader’s data: a missing seller is fatal BR-06', async () => {
    // Setup
    const xml = corpusText(FATTURAPA).replace(/<Denominazione>[^<]*<\/Denominazione>/, '');
    const stored = await upload(t.db.sql, xml, 'it.xml');
    assert.ok(stored.invoiceIds.length >= 1);
    // Action
    await run({ invoiceIds: stored.invoiceIds });
    // Assertions
    const first = await validationOf(stored.invoiceIds[0]!);
    assert.equal(first.state, 'done');
    assert.deepEqual(first.findings, ['BR-06:fatal']);
  });

  it('validates again every invoice whose result came from other rules, once queued at start-up', async () => {
    // Setup
    const stored = await upload(t.db.sql, corpusText(UBL_PLAIN));
    await run({ invoiceIds: stored.invoiceIds });
    await t.db.sql`update invoice_validations set rules_version = 'older-build'`;
    await t.db.sql`delete from graphile_worker._private_jobs`;
    // Action
    const queued = await queueStaleValidations(t.db.sql);
    await run({ stale: true });
    // Assertions
    assert.equal(queued, true);
    assert.deepEqual(await jobsOf('invoices__validate'), [{ payload: { stale: true }, queueName: 'invoices__validate_stale' }]);
    const versions = await t.db.sql`select distinct rules_version from invoice_validations`;
    assert.deepEqual(versions.map((v) => v.rulesVersion), [RULES_VERSION]);
    assert.equal(await queueStaleValidations(t.db.sql), false);
  });

  it('refuses a payload that is neither a batch nor the stale sweep', async () => {
    await assert.rejects(run({ invoiceIds: 'all' }));
  });
});
