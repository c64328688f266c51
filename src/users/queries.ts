import type { Db } from '../db/connection';
import type { Role } from '../http/context';

export type UserRow = {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  roles: Role[];
  isUserAdmin: boolean;
  active: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
};

export type UserInput = { email: string; firstName: string; lastName: string; roles: Role[]; isUserAdmin: boolean };

const columns = (db: Db) => db`id::int, email, first_name, last_name, roles, is_user_admin, active, created_at, deactivated_at`;

export const listUsers = (db: Db) =>
  db<UserRow[]>`select ${columns(db)} from users order by active desc, lower(last_name), lower(first_name)`;

export async function findUser(db: Db, id: number) {
  const [user]: [UserRow?] = await db`select ${columns(db)} from users where id = ${id}`;
  return user;
}

export const countUsers = async (db: Db) => (await db<{ n: number }[]>`select count(*)::int as n from users`)[0]!.n;

export async function insertUser(db: Db, input: UserInput & { passwordHash: string }) {
  const [row] = await db<{ id: number }[]>`
    insert into users (email, first_name, last_name, roles, is_user_admin, password_hash)
    values (${input.email}, ${input.firstName}, ${input.lastName}, ${input.roles}, ${input.isUserAdmin}, ${input.passwordHash})
    returning id::int`;
  return row!.id;
}

export async function updateUser(db: Db, id: number, input: UserInput) {
  await db`
    update users
    set email = ${input.email}, first_name = ${input.firstName}, last_name = ${input.lastName},
        roles = ${input.roles}, is_user_admin = ${input.isUserAdmin}, updated_at = now()
    where id = ${id}`;
}

export async function setUserActive(db: Db, id: number, active: boolean) {
  await db`
    update users set active = ${active}, deactivated_at = ${active ? null : db`now()`}, updated_at = now()
    where id = ${id}`;
  if (!active) await db`delete from sessions where user_id = ${id}`;
}

export async function setPassword(db: Db, id: number, passwordHash: string) {
  await db`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${id}`;
}

export async function passwordHashOf(db: Db, id: number) {
  const [row]: [{ passwordHash: string }?] = await db`select password_hash from users where id = ${id}`;
  return row?.passwordHash;
}

/** Other active user admins besides `id`: a change may not leave apdesk without one. */
export const otherActiveUserAdmins = async (db: Db, id: number) =>
  (await db<{ n: number }[]>`select count(*)::int as n from users where is_user_admin and active and id <> ${id}`)[0]!.n;

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
