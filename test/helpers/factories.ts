import { hashPassword } from '../../src/auth/passwords';
import type { Sql } from '../../src/db/connection';
import type { Role } from '../../src/http/context';
import { insertUser } from '../../src/users/queries';

let seq = 0;
export const TEST_PASSWORD = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;

export async function makeUser(sql: Sql, attrs: Partial<{ email: string; firstName: string; lastName: string; roles: Role[]; isUserAdmin: boolean }> = {}) {
  seq += 1;
  const email = attrs.email ?? `user${seq}-${Date.now()}@example.test`;
  const id = await insertUser(sql, {
    email,
    firstName: attrs.firstName ?? 'Test',
    lastName: attrs.lastName ?? `User${seq}`,
    roles: attrs.roles ?? ['ap_specialist'],
    isUserAdmin: attrs.isUserAdmin ?? false,
    passwordHash: await (cachedHash ??= hashPassword(TEST_PASSWORD)),
  });
  return { id, email, password: TEST_PASSWORD };
}
