/*
 * Approval emails against the real SMTP test peer, with a controlled clock: one digest per
 * person per hour at most, a reminder after APPROVAL_REMINDER_DAYS once, links to the invoice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sendApprovalDigests, sendApprovalReminders } from '../../src/approvals/notify';
import { createMailer, deliverMail } from '../../src/mail/delivery';
import { useTestApp } from '../helpers/app';
import { startSmtpPeer } from '../helpers/smtp';
import { insertInvoiceRows, makeGroup } from '../invoices/helpers';
import { makeApprovalRule, person, when } from './factory';

const PUBLIC = 'https://apdesk.example';

describe('Approval emails', () => {
  const t = useTestApp();
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let clerk: Awaited<ReturnType<typeof person>>;
  let owner: Awaited<ReturnType<typeof person>>;
  let group = 0;
  before(async () => {
    smtp = await startSmtpPeer();
    clerk = await person(t.db.sql, t.app.url, ['ap_specialist'], 'Clara', 'Clerk');
    owner = await person(t.db.sql, t.app.url, [], 'Olga', 'Owner');
    group = await makeGroup(t.db.sql, 'AP team', [clerk.id]);
    await makeApprovalRule(t.db.sql, 'Olga’s supplier', when({ field: 'supplier', op: 'equals', value: 'Olga Supplies' }), [{ kind: 'user', userId: owner.id }]);
  });
  after(async () => smtp?.close());

  const ready = async (number: string) => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ groupId: group, status: 'in_review', number, sellerName: 'Olga Supplies', total: '250.00' }]);
    assert.equal((await clerk.browser.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' })).status, 303);
    return id!;
  };
  /** Delivers every queued approval email over SMTP, as the mail job would. */
  const deliver = async () => {
    const mailer = createMailer(smtp.url, 'apdesk <no-reply@apdesk.local>');
    const pending = await t.db.sql<{ id: number }[]>`select id::int from mail_messages where delivery = 'pending' and kind like 'approval%' order by id`;
    for (const m of pending) assert.equal(await deliverMail(t.db.sql, mailer, m.id), 'sent');
    return pending.length;
  };
  /** The messages the SMTP peer got for Olga, quoted-printable decoded. */
  const received = () =>
    smtp.received
      .filter((m) => m.to.includes(owner.email))
      .map((m) => ({ ...m, raw: Buffer.from(m.raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8') }));

  it('sends one digest per person per hour, listing each invoice with its link, and approves nothing itself', async () => {
    const start = new Date();
    const first = await ready('DIG-1');
    const second = await ready('DIG-2');
    assert.equal(await sendApprovalDigests(t.db.sql, { now: start, publicUrl: PUBLIC }), 1);
    assert.equal(await sendApprovalDigests(t.db.sql, { now: start, publicUrl: PUBLIC }), 0, 'nothing new');
    assert.equal(await deliver(), 1);
    const [mail] = received();
    assert.match(mail!.raw, /Subject: 2 invoices wait for your approval/);
    assert.match(mail!.raw, /DIG-1 from Olga Supplies: €250\.00/);
    assert.match(mail!.raw, /Dates and times in this email: English \(United Kingdom\), times in UTC \(apdesk's default; choose yours in Profile > Numbers and dates\)\./);
    assert.ok(mail!.raw.includes(`${PUBLIC}/invoices/${first}`) && mail!.raw.includes(`${PUBLIC}/invoices/${second}`), 'links to both invoices');
    assert.match(mail!.raw, /this email approves nothing by itself/);

    const third = await ready('DIG-3');
    const later = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    assert.equal(await sendApprovalDigests(t.db.sql, { now: later(30), publicUrl: PUBLIC }), 0, 'not within the hour');
    assert.equal(await sendApprovalDigests(t.db.sql, { now: later(61), publicUrl: PUBLIC }), 1);
    assert.equal(await deliver(), 1);
    assert.equal(received().length, 2);
    assert.match(received()[1]!.raw, /Subject: Invoice DIG-3 waits for your approval/);
    assert.ok(received()[1]!.raw.includes(`${PUBLIC}/invoices/${third}`));
  });

  it('writes amounts and dates the way the recipient chose in Profile, else as the installation default says, and says which', async () => {
    const id = await ready('LOC-1');
    await t.db.sql`update invoices set due_date = '2026-03-05', payable_amount = 1234.5 where id = ${id}`;
    await t.db.sql`update users set locale = 'de-DE', time_zone = 'Europe/Berlin' where id = ${owner.id}`;
    const start = new Date(Date.now() + 3 * 3600_000); // past the previous test's hour
    assert.equal(await sendApprovalDigests(t.db.sql, { now: start, publicUrl: PUBLIC, defaults: { locale: 'it-IT', timeZone: 'Europe/Rome' } }), 1);
    await deliver();
    const mail = received().find((m) => m.raw.includes('LOC-1'));
    assert.match(mail!.raw, /LOC-1 from Olga Supplies: 1\.234,50\s€, due 05\.03\.2026/);
    assert.match(mail!.raw, /Dates and times in this email: Deutsch \(Deutschland\), times in Europe\/Berlin \(your Profile\)\./);

    await t.db.sql`update users set locale = null, time_zone = null where id = ${owner.id}`;
    const again = await ready('LOC-2');
    await t.db.sql`update invoices set due_date = '2026-03-05' where id = ${again}`;
    assert.equal(await sendApprovalDigests(t.db.sql, { now: new Date(start.getTime() + 2 * 3600_000), publicUrl: PUBLIC, defaults: { locale: 'it-IT', timeZone: 'Europe/Rome' } }), 1);
    await deliver();
    const byDefault = received().find((m) => m.raw.includes('LOC-2'));
    assert.match(byDefault!.raw, /LOC-2 from Olga Supplies: 250,00\s€, due 05\/03\/2026/);
    assert.match(byDefault!.raw, /Dates and times in this email: Italiano \(Italia\), times in Europe\/Rome \(apdesk's default; choose yours in Profile > Numbers and dates\)\./);
  });

  it('reminds once after APPROVAL_REMINDER_DAYS days of waiting, and not before', async () => {
    const id = await ready('REM-1');
    const [step] = await t.db.sql<{ startedAt: Date }[]>`
      select s.started_at from approval_steps s join approval_chains c on c.id = s.chain_id where c.invoice_id = ${id}`;
    const at = (days: number, hours = 0) => new Date(step!.startedAt.getTime() + (days * 24 + hours) * 3600_000);
    const remind = (now: Date) => sendApprovalReminders(t.db.sql, { now, publicUrl: PUBLIC, days: 3 });
    assert.equal(await remind(at(2, 23)), 0);
    const due = await remind(at(3, 1));
    assert.ok(due >= 1);
    assert.equal(await remind(at(4)), 0, 'once per step and person');
    await deliver();
    const reminder = received().find((m) => /Subject: Reminder: invoice REM-1/.test(m.raw));
    assert.ok(reminder, 'the reminder reached the SMTP peer');
    assert.match(reminder!.raw, /has waited 3 days for your approval/);
    assert.ok(reminder!.raw.includes(`${PUBLIC}/invoices/${id}`));
  });
});
