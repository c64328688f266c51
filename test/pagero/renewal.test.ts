import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createMailer, deliverMail } from '../../src/mail/delivery';
import { chainEnd } from '../../src/pagero/connections';
import { sendRenewalReminders } from '../../src/pagero/renewal';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { startSmtpPeer } from '../helpers/smtp';

const DAY = 24 * 3600 * 1000;

describe('the three-year renewal', () => {
  const t = useTestApp();
  beforeEach(async () => {
    // each test looks at its own connection only
    await t.db.sql`update pagero_connections set status = 'disconnected'`;
  });

  async function connectionEndingAt(end: Date) {
    const user = await makeUser(t.db.sql);
    const start = new Date(end.getTime() - 3 * 365 * DAY);
    const [row] = await t.db.sql`
      insert into pagero_connections (user_id, chain_started_at, chain_expires_at, access_token, refresh_token)
      values (${user.id}, ${start}, ${end}, '\\x00', '\\x00') returning id::int`;
    return { user, connectionId: row!.id as number };
  }

  const remind = (now: Date) => sendRenewalReminders(t.db.sql, { now, publicUrl: 'https://apdesk.example' });

  it('knows when the chain ends: three years after the user authenticated', () => {
    assert.equal(chainEnd(new Date('2026-03-01T10:00:00Z')).toISOString(), '2029-03-01T10:00:00.000Z');
  });

  it('emails 30, 7 and 1 days before and on the day, each once across repeated runs', async () => {
    const end = new Date('2030-06-15T12:00:00Z');
    const { user, connectionId } = await connectionEndingAt(end);
    const at = (daysBefore: number) => new Date(end.getTime() - daysBefore * DAY);

    assert.equal(await remind(at(31)), 0);
    for (const [daysBefore, subject] of [
      [29.5, 'Renew your Pagero connection in apdesk by 15/06/2030'],
      [6.5, 'Renew your Pagero connection in apdesk by 15/06/2030'],
      [0.5, 'Renew your Pagero connection in apdesk by 15/06/2030'],
      [0, 'Your Pagero connection in apdesk has expired'],
    ] as const) {
      assert.equal(await remind(at(daysBefore)), 1, `a reminder ${daysBefore} days before`);
      assert.equal(await remind(at(daysBefore)), 0, 'the same reminder is not sent twice');
      const [latest] = await t.db.sql`select subject from mail_messages where to_address = ${user.email} order by id desc limit 1`;
      assert.equal(latest!.subject, subject);
    }
    assert.equal((await t.db.sql`select count(*)::int as n from mail_messages where to_address = ${user.email}`)[0]!.n, 4);
    const [first] = await t.db.sql`select body from mail_messages where to_address = ${user.email} order by id limit 1`;
    assert.match(first!.body, /Your authorization ends on 15\/06\/2030 \(in 30 days\)\./);
    assert.match(first!.body, /Dates and times in this email: English \(United Kingdom\), times in UTC \(apdesk's default; choose yours in Profile > Numbers and dates\)\./);
    const [row] = await t.db.sql`select status, needs_renewal_reason from pagero_connections where id = ${connectionId}`;
    assert.equal(row!.status, 'needs_renewal', 'an ended chain is flagged');
    assert.match(row!.needsRenewalReason, /three-year/);
    assert.equal(await remind(at(-3)), 0);
  });

  it('writes the date in the user’s time zone and locale when they chose them: a chain ending 23:30 UTC ends the next day in Stockholm', async () => {
    const end = new Date('2030-06-15T23:30:00Z');
    const { user } = await connectionEndingAt(end);
    await t.db.sql`update users set locale = 'de-DE', time_zone = 'Europe/Stockholm' where id = ${user.id}`;
    assert.equal(await remind(new Date(end.getTime() - 6.5 * DAY)), 1);
    const [mail] = await t.db.sql`select subject, body from mail_messages where to_address = ${user.email}`;
    assert.equal(mail!.subject, 'Renew your Pagero connection in apdesk by 16.06.2030');
    assert.match(mail!.body, /Dates and times in this email: Deutsch \(Deutschland\), times in Europe\/Stockholm \(your Profile\)\./);
  });

  it('sends each reminder once when two workers run the job at the same moment', async () => {
    const end = new Date(Date.now() + 5 * DAY);
    const { user } = await connectionEndingAt(end);
    const now = new Date();
    const results = await Promise.all([remind(now), remind(now), remind(now)]);
    assert.equal(results.reduce((a, b) => a + b, 0), 1);
    assert.equal((await t.db.sql`select count(*)::int as n from mail_messages where to_address = ${user.email}`)[0]!.n, 1);
  });

  it('gives a renewed connection its own reminders', async () => {
    const end = new Date(Date.now() + 20 * DAY);
    const { user, connectionId } = await connectionEndingAt(end);
    assert.equal(await remind(new Date()), 1);
    await t.db.sql`update pagero_connections set chain_expires_at = ${new Date(Date.now() + 25 * DAY)} where id = ${connectionId}`;
    assert.equal(await remind(new Date()), 1);
    assert.equal((await t.db.sql`select count(*)::int as n from mail_messages where to_address = ${user.email}`)[0]!.n, 2);
  });

  it('delivers through a real SMTP server, and only once', async () => {
    const smtp = await startSmtpPeer();
    try {
      const { user } = await connectionEndingAt(new Date(Date.now() + 3 * DAY));
      await remind(new Date());
      const [mail] = await t.db.sql`select id::int from mail_messages where to_address = ${user.email}`;
      const mailer = createMailer(smtp.url, 'apdesk <no-reply@apdesk.test>');
      assert.equal(await deliverMail(t.db.sql, mailer, mail!.id), 'sent');
      assert.equal(await deliverMail(t.db.sql, mailer, mail!.id), 'gone');
      assert.equal(smtp.received.length, 1);
      assert.deepEqual(smtp.received[0]!.to, [user.email]);
      assert.match(smtp.received[0]!.raw, /Subject: Renew your Pagero connection in apdesk/);
      assert.match(smtp.received[0]!.raw, /https:\/\/apdesk\.example\/einvoicing\/login/);
      const [row] = await t.db.sql`select delivery, sent_at from mail_messages where id = ${mail!.id}`;
      assert.equal(row!.delivery, 'smtp');
    } finally {
      await smtp.close();
    }
  });

  it('keeps mail in the outbox without SMTP, where admins read it and clerks may not', async () => {
    const { user } = await connectionEndingAt(new Date(Date.now() + 3 * DAY));
    await remind(new Date());
    const [mail] = await t.db.sql`select id::int from mail_messages where to_address = ${user.email}`;
    assert.equal(await deliverMail(t.db.sql, createMailer(undefined, 'x <x@y.z>'), mail!.id), 'outbox');
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const adminBrowser = new Browserless(t.app.url);
    await adminBrowser.signIn(admin.email, admin.password);
    const page = await adminBrowser.get('/settings/outbox');
    assert.equal(page.status, 200);
    assert.match(page.text, /Renew your Pagero connection in apdesk/);
    assert.match(page.text, /In outbox \(no SMTP\)/);
    const clerkBrowser = new Browserless(t.app.url);
    await clerkBrowser.signIn(user.email, user.password);
    assert.equal((await clerkBrowser.get('/settings/outbox')).status, 403);
  });

  it('shows a banner with the E-invoicing Login button within 30 days of the end, and after it', async () => {
    const { user, connectionId } = await connectionEndingAt(new Date(Date.now() + 12 * DAY));
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    const soon = await browser.get('/invoices');
    assert.match(soon.text, /class="banner warn"[^]*Your Pagero connection ends on \d\d\/\d\d\/\d{4}[^]*href="\/einvoicing\/login"/);
    await t.db.sql`update pagero_connections set status = 'needs_renewal', needs_renewal_reason = 'consent withdrawn' where id = ${connectionId}`;
    assert.match((await browser.get('/invoices')).text, /class="banner danger"[^]*needs renewal \(consent withdrawn\)/);
    const other = await makeUser(t.db.sql);
    const otherBrowser = new Browserless(t.app.url);
    await otherBrowser.signIn(other.email, other.password);
    assert.doesNotMatch((await otherBrowser.get('/invoices')).text, /class="banner/);
  });
});
