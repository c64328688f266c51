import type { Db } from '../db/connection';
import type { ConnectionSummary } from '../../views/profile/page';

/** The signed-in user's own connection, without any token. */
export async function connectionSummary(db: Db, userId: number): Promise<ConnectionSummary | undefined> {
  const [row]: [ConnectionSummary?] = await db`
    select c.status, c.chain_expires_at, c.connected_at, c.needs_renewal_reason,
           coalesce(array_agg(pc.name order by pc.name) filter (where pc.id is not null), '{}') as companies
    from pagero_connections c
    left join pagero_connection_companies cc on cc.connection_id = c.id
    left join pagero_companies pc on pc.id = cc.company_id
    where c.user_id = ${userId}
    group by c.id`;
  return row;
}
