/* Approval rules, coded lines and signed-in people for the approvals tests, written straight into the tables. */
import type { Sql } from '../../src/db/connection';
import type { RuleGroup } from '../../src/approvals/conditions';
import { createRule, type Step } from '../../src/approvals/policies';
import type { Role } from '../../src/http/context';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

export async function makeApprovalRule(sql: Sql, name: string, conditions: RuleGroup, steps: Step[]) {
  const [admin] = await sql<{ id: number }[]>`select id::int from users order by id limit 1`;
  return sql.begin((tx) => createRule(tx, { name, conditions, steps }, admin!.id));
}

export const when = (...children: RuleGroup['children']): RuleGroup => ({ join: 'and', children });

/** A signed-in person: their id, a browser with a session, and their name. */
export async function person(sql: Sql, url: string, roles: Role[], firstName = 'Test', lastName?: string) {
  const user = await makeUser(sql, { roles, firstName, ...(lastName ? { lastName } : {}) });
  const browser = new Browserless(url);
  await browser.signIn(user.email, user.password);
  await browser.get('/invoices');
  const [row] = await sql<{ name: string }[]>`select first_name || ' ' || last_name as name from users where id = ${user.id}`;
  return { id: user.id, email: user.email, password: user.password, browser, name: row!.name };
}

/** One line on the invoice, coded by `codedBy` to the cost centre (and GL account) given. */
export async function codeLine(sql: Sql, invoiceId: number, opts: { codedBy?: number | null; costCentreId?: number | null; glAccountId?: number | null; net?: string } = {}) {
  const [line] = await sql<{ id: number }[]>`
    insert into invoice_lines (invoice_id, position, line_number, name, quantity, unit_price, net_amount)
    values (${invoiceId}, (select coalesce(max(position), -1) + 1 from invoice_lines where invoice_id = ${invoiceId}), '1', 'Item', 1, ${opts.net ?? '100.00'}, ${opts.net ?? '100.00'})
    returning id::int`;
  await sql`
    insert into invoice_line_codings (invoice_line_id, position, amount, percent, gl_account_id, cost_centre_id, source, coded_by)
    values (${line!.id}, 0, ${opts.net ?? '100.00'}, 100, ${opts.glAccountId ?? null}, ${opts.costCentreId ?? null}, 'manual', ${opts.codedBy ?? null})`;
  return line!.id;
}

export const statusOf = async (sql: Sql, id: number) => (await sql<{ status: string }[]>`select status from invoices where id = ${id}`)[0]!.status;

export const stepsOf = (sql: Sql, invoiceId: number) =>
  sql<{ position: number; label: string; done: boolean; waiting: boolean }[]>`
    select s.position, s.label, s.done_at is not null as done, s.started_at is not null and s.done_at is null as waiting
    from approval_steps s join approval_chains c on c.id = s.chain_id
    where c.invoice_id = ${invoiceId} and c.id = (select max(id) from approval_chains where invoice_id = ${invoiceId}) order by s.position`;
