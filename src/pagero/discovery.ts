/*
 * Which Pagero companies a connection can see: the company listing when the server offers
 * one; otherwise the companies an admin entered in Settings > E-invoicing, each probed.
 */
import type { Db } from '../db/connection';
import type { PageroApi } from './api';
import { linkConnectionCompanies, manualCompanies, upsertListedCompanies } from './companies';

export async function discoverCompanies(db: Db, api: PageroApi, connectionId: number): Promise<{ companyIds: number[]; listing: boolean }> {
  const listed = await api.listCompanies();
  let companyIds: number[];
  if (listed) {
    companyIds = await upsertListedCompanies(db, listed);
  } else {
    companyIds = [];
    for (const company of await manualCompanies(db)) {
      if (await api.canAccessCompany(company.pageroCompanyId)) companyIds.push(company.id);
    }
  }
  await linkConnectionCompanies(db, connectionId, companyIds);
  return { companyIds, listing: Boolean(listed) };
}
