/*
 * How much "who does this step wait for" costs: approval_waiting(person) (the navigation
 * count, the Approvals page and the visibility of every invoice query for group members)
 * with N open chains, and My Invoices' first page for a group member with and without it.
 * Usage: TEST_DATABASE_URL=… npx tsx bench/approvals.ts [--invoices 100000] [--chains 2000] [--users 300]
 */
import { createTestDatabase } from '../test/helpers/database';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INVOICES = arg('invoices', 100_000);
const CHAINS = arg('chains', 2_000);
const USERS = arg('users', 300);

const db = await createTestDatabase();
const sql = db.sql;
try {
  await sql`insert into users (email, first_name, last_name, password_hash, roles)
    select 'u' || g || '@bench.test', 'User', 'N' || g, 'x', case when g % 10 = 0 then array['ap_manager'] else array['ap_specialist'] end
    from generate_series(1, ${USERS}) g`;
  const [doc] = await sql<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version)
    values ('upload', 'Upload', 1, 'x', '\\x00', 'imported', 'bench') returning id::int`;
  await sql`insert into document_groups (name, priority, conditions) values ('All', 1, '{"join":"and","children":[]}')`;
  await sql`insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, due_date, currency, seller_name, payable_amount, inv_scanned_by, status, received_at)
    select ${doc!.id}, g, 'ubl', 'invoice', 'B-' || g, date '2026-01-01' + (g % 300), date '2026-02-01' + (g % 300), 'EUR', 'Supplier ' || (g % 500), (g % 10000) + 0.5, 'Upload',
           case when g <= ${CHAINS} then 'ready' else 'in_review' end, now() - g * interval '1 minute'
    from generate_series(1, ${INVOICES}) g`;
  await sql`insert into invoice_groups (invoice_id, group_id, status) select i.id, (select id from document_groups limit 1), i.status from invoices i`;
  await sql`insert into document_group_members (group_id, user_id) select (select id from document_groups limit 1), id from users where id % 2 = 0`;
  // One open chain per Ready invoice: a role step (AP Managers), and for a tenth of them a named approver first.
  await sql`insert into approval_chains (invoice_id, rule_name, ready_by) select id, 'Default', (select min(id) from users) from invoices where status = 'ready'`;
  await sql`insert into approval_steps (chain_id, position, label, approver_id, roles, required, started_at)
    select c.id, 1, 'Named', (select id from users order by id offset (c.id % ${USERS}) limit 1), null, 1, now() from approval_chains c where c.id % 10 = 0
    union all
    select c.id, 1, 'AP Managers', null, array['ap_manager'], 1, now() from approval_chains c where c.id % 10 <> 0`;
  await sql`analyze`;
  const [manager] = await sql<{ id: number }[]>`select id::int from users where 'ap_manager' = any(roles) order by id limit 1`;
  const time = async (label: string, run: () => Promise<unknown>, times = 20) => {
    await run();
    const start = process.hrtime.bigint();
    for (let i = 0; i < times; i++) await run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / times;
    console.log(`${label}: ${ms.toFixed(2)} ms`);
  };
  console.log(`${INVOICES} invoices, ${CHAINS} open chains, ${USERS} users`);
  await time('approval_waiting(manager) count (navigation)', () => sql`select count(*) from approval_waiting(${manager!.id})`);
  await time('approval_waiting(null) (every person, digests)', () => sql`select count(*) from approval_waiting(null)`, 3);
  const member = await sql<{ id: number }[]>`select id::int from users where id % 2 = 0 and not ('ap_manager' = any(roles)) limit 1`;
  const groups = sql`vg.group_id = any(array(select vm.group_id from document_group_members vm where vm.user_id = ${member[0]!.id}))`;
  const waiting = (column: 'i.id' | 'vg.invoice_id') =>
    sql`${column === 'i.id' ? sql`i.id` : sql`vg.invoice_id`} = any(array(select w.invoice_id from approval_waiting(${member[0]!.id}) w))`;
  const visible = { groupsOnly: sql`exists (select 1 from invoice_groups vg where vg.invoice_id = i.id and vg.status = i.status and ${groups})`,
    // before 2026-12-03 11:30: the waiting test beside the group exists
    orBeside: sql`(exists (select 1 from invoice_groups vg where vg.invoice_id = i.id and vg.status = i.status and ${groups}) or ${waiting('i.id')})`,
    // src/invoices/visibility.ts now: inside it
    orInside: sql`exists (select 1 from invoice_groups vg where vg.invoice_id = i.id and vg.status = i.status and (${groups} or ${waiting('vg.invoice_id')}))` };
  const page = (v: keyof typeof visible) => sql`
    select i.id from invoices i
    where i.status = any(array['received','in_review','ready','approved','on_hold','rejected']) and ${visible[v]}
    order by i.received_at desc, i.id desc limit 50`;
  const counts = (v: keyof typeof visible) => sql`select i.status, count(*) from invoices i where ${visible[v]} group by i.status`;
  await time('My Invoices first page, group member, groups only', () => page('groupsOnly'));
  await time('My Invoices first page, group member, groups or waiting (beside, former)', () => page('orBeside'));
  await time('My Invoices first page, group member, groups or waiting (inside, now)', () => page('orInside'));
  await time('status counts, group member, groups only', () => counts('groupsOnly'), 5);
  await time('status counts, group member, or waiting (beside, former)', () => counts('orBeside'), 5);
  await time('status counts, group member, or waiting (inside, now)', () => counts('orInside'), 5);
} finally {
  if (process.argv.includes('--keep')) {
    console.log(`kept database ${db.name}`);
    await sql.end();
  } else await db.close();
}
