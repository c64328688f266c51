/*
 * The first user admin, on a database with no users: from ADMIN_EMAIL/ADMIN_PASSWORD when
 * set, else admin@apdesk.local with a generated password printed once to the console.
 * An advisory lock keeps two processes starting together from creating two.
 */
import { generatePassword, hashPassword } from '../auth/passwords';
import type { Sql } from '../db/connection';
import type { Logger } from '../logger';
import { countUsers, insertUser } from './queries';

export async function ensureFirstAdmin(sql: Sql, opts: { email?: string; password?: string; log: Logger; print?: (line: string) => void }) {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(7311002)`;
    if ((await countUsers(tx)) > 0) return null;
    const email = opts.email ?? 'admin@apdesk.local';
    const password = opts.password ?? generatePassword();
    await insertUser(tx, {
      email,
      firstName: 'Admin',
      lastName: 'User',
      roles: ['ap_admin'],
      isUserAdmin: true,
      passwordHash: await hashPassword(password),
    });
    opts.log.info({ email }, 'first user admin created');
    if (!opts.password) {
      (opts.print ?? console.log)(`\n  apdesk first sign-in: ${email} / ${password}\n  (shown once; change it on your Profile page)\n`);
    }
    return email;
  });
}
