import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Deps } from '../http/deps';
import { findCompany } from './queries';

export const companyNotFound = () => new HTTPException(404, { message: 'There is no such company.' });
export async function companyParam(deps: Deps, c: Context) {
  const id = Number(c.req.param('companyId'));
  const company = Number.isSafeInteger(id) && id > 0 ? await findCompany(deps.sql, id) : undefined;
  if (!company) throw companyNotFound();
  return company;
}
