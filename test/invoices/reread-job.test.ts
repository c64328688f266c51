import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobHelpers } from 'graphile-worker';
import { documentsRereadQuarantined } from '../../jobs/documents__reread_quarantined';
import type { JobDeps } from '../../jobs/index';
import { createLogger } from '../../src/logger';
import { storeDocument } from '../../src/invoices/store';
import { testConfig } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { corpusFile, FATTURAPA_TWO_BODIES } from './helpers';

describe('jobs > documents__reread_quarantined', () => {
  const t = useTestDatabase();

  it('re-reads the quarantined documents with the configured size limit', async () => {
    // Setup
    const stored = await storeDocument(t.db.sql, { source: 'upload', bytes: corpusFile(FATTURAPA_TWO_BODIES) }, { maxBytes: 10 });
    const deps = { sql: t.db.sql, log: createLogger('silent'), config: testConfig() } as unknown as JobDeps;
    // Action
    await documentsRereadQuarantined(deps)({}, {} as JobHelpers);
    // Assertions
    const [doc] = await t.db.sql`select status, (select count(*)::int from invoices where document_id = d.id) as invoices from documents d where id = ${stored.documentId}`;
    assert.deepEqual({ ...doc }, { status: 'imported', invoices: 2 });
  });

  it('refuses a payload that is not an object', async () => {
    const deps = { sql: t.db.sql, log: createLogger('silent'), config: testConfig() } as unknown as JobDeps;
    await assert.rejects(documentsRereadQuarantined(deps)('nonsense', {} as JobHelpers) as Promise<void>);
  });
});
