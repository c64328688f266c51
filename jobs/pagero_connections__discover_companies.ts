import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { afterConnected } from '../src/pagero/after-connect';
import { notifyUncoveredCompanies } from '../src/pagero/companies';
import { findConnection } from '../src/pagero/connections';
import { discoverCompanies } from '../src/pagero/discovery';
import type { JobDeps } from './index';

const Payload = v.object({ connectionId: v.number() });

/** Retries company discovery for a connection whose login could not list them at once. */
export const pageroConnectionsDiscoverCompanies =
  ({ sql, pagero, config, prepareCompanies }: JobDeps): Task =>
  async (payload) => {
    const { connectionId } = v.parse(Payload, payload);
    const connection = await findConnection(sql, connectionId);
    if (!connection || connection.status !== 'active') return; // no longer relevant
    const { companyIds } = await discoverCompanies(sql, pagero.apiFor(connectionId), connectionId);
    await afterConnected(sql, connectionId, companyIds, prepareCompanies);
    await notifyUncoveredCompanies(sql, config.publicUrl);
  };
