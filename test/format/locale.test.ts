/*
 * Numbers and dates as people read them (issue 18): the same invoice and credit note in
 * de-DE, it-IT, en-GB and sv-SE, chosen in Profile or taken from Accept-Language; amounts
 * typed with the reader's decimal separator; and the formatter's own rules.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { localeFromAcceptLanguage } from '../../src/format/locales';
import { amountExample, formatDateTime, formatForInput, formatMoney, formatNumber, formatPercent, parseAmount, signed, todayOf } from '../../src/format/numbers';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows } from '../invoices/helpers';

/** Intl's no-break spaces and minus sign, written plainly so the expectations read. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');

const EXPECTED = {
  'de-DE': { invoice: '26.831,81 €', credit: '-205,00 €', due: '05.03.2026', typed: '1.000,50', quantity: '1.250', price: '21,465448', rate: '5,5 %' },
  'it-IT': { invoice: '26.831,81 €', credit: '-205,00 €', due: '05/03/2026', typed: '1.000,50', quantity: '1.250', price: '21,465448', rate: '5,5 %' },
  'en-GB': { invoice: '€26,831.81', credit: '-€205.00', due: '05/03/2026', typed: '1,000.50', quantity: '1,250', price: '21.465448', rate: '5.5 %' },
  'sv-SE': { invoice: '26 831,81 €', credit: '-205,00 €', due: '2026-03-05', typed: '1 000,50', quantity: '1 250', price: '21,465448', rate: '5,5 %' },
} as const;

describe('numbers and dates in the reader’s locale', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let clerk: Browserless;
  let invoiceId = 0;
  let creditId = 0;

  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    clerk = new Browserless(t.app.url);
    await clerk.signIn(user.email, user.password);
    [invoiceId, creditId] = (await insertInvoiceRows(t.db.sql, [
      { number: 'INV-763', total: '26831.81', dueDate: '2026-03-05', issueDate: '2026-02-03' },
      { number: 'CN-12', total: '205.00', documentType: 'credit_note', dueDate: '2026-03-05' },
    ])) as [number, number];
    // a quantity of 1250.000 read raw is 1,250,000 to a German reader: the invoice page groups it too
    await t.db.sql`
      insert into invoice_lines (invoice_id, position, line_number, name, quantity, unit_price, net_amount, tax_category, tax_rate)
      values (${invoiceId}, 0, '1', 'Steel', 1250.000, 21.465448, 26831.81, 'S', 5.5)`;
  });

  for (const [locale, want] of Object.entries(EXPECTED)) {
    it(`shows the same invoice in ${locale}: grouping, currency, credit note negative, date`, async () => {
      const saved = await clerk.post('/profile/reading', { locale, timeZone: 'Europe/Rome' });
      assert.equal(saved.status, 303);
      const list = plain((await clerk.get('/invoices')).text);
      assert.ok(list.includes(`<span class="amount">${want.invoice}</span>`), `${want.invoice} in the list`);
      assert.ok(list.includes(`<span class="amount">${want.credit}</span>`), `${want.credit} for the credit note`);
      assert.ok(list.includes(want.due), `due date ${want.due}`);
      assert.match(list, new RegExp(`data-locale="${locale}"`));

      const typed = await clerk.get(`/invoices?amount_min=${encodeURIComponent(want.typed)}`);
      assert.doesNotMatch(typed.text, /filter-amount-min-error/, `${want.typed} reads as an amount in ${locale}`);
      assert.ok(typed.text.includes('>INV-763</a>') && !typed.text.includes('>CN-12</a>'), 'filtered by 1000.50');

      // the same invoice's own page: title, amount due, due date, the line's quantity, price and tax rate
      const page = plain((await clerk.get(`/invoices/${invoiceId}`)).text);
      assert.ok(page.includes(`<title>Invoice INV-763 · Test Supplier · ${want.invoice} · apdesk</title>`), `the title in ${locale}`);
      assert.ok(page.includes(`data-amount-due="true"><span class="money">${want.invoice}</span>`), 'the amount due');
      assert.ok(page.includes(`<span class="nowrap">${want.due}</span>`), 'the due date in the summary');
      assert.ok(page.includes(`<span class="num">${want.quantity}</span>`), `quantity ${want.quantity}`);
      assert.ok(page.includes(`<span class="money">${want.price}</span>`), `unit price ${want.price}`);
      assert.ok(page.includes(`S ${want.rate}`), `tax rate ${want.rate}`);
      const credit = plain((await clerk.get(`/invoices/${creditId}`)).text);
      assert.ok(credit.includes(`data-amount-due="true"><span class="money">${want.credit}</span>`), 'the credit note negative on its page');
    });
  }

  it('takes the locale from Accept-Language until the user chooses one, and refuses an unknown one', async () => {
    assert.equal((await clerk.post('/profile/reading', { locale: '', timeZone: '' })).status, 303);
    const german = await clerk.request('GET', '/invoices', { headers: { 'accept-language': 'de-CH;q=0.4, de-DE;q=0.9, en;q=0.8' } });
    assert.ok(plain(german.text).includes('26.831,81 €'));
    assert.equal((await clerk.post('/profile/reading', { locale: 'xx-YY', timeZone: 'Mars/Olympus' })).status, 303);
    const [row] = await t.db.sql`select locale, time_zone from users where email = (select email from users order by id desc limit 1)`;
    assert.deepEqual([row!.locale, row!.timeZone], [null, null]);
    assert.match((await clerk.get('/profile')).text, /Not saved: Choose a locale from the list\./);
  });

  it('gives two users in different locales their own formats, one request after the other (formats are kept per locale)', async () => {
    const other = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const english = new Browserless(t.app.url);
    await english.signIn(other.email, other.password);
    assert.equal((await clerk.post('/profile/reading', { locale: 'de-DE', timeZone: 'Europe/Berlin' })).status, 303);
    assert.equal((await english.post('/profile/reading', { locale: 'en-GB', timeZone: 'UTC' })).status, 303);
    for (let round = 0; round < 2; round++) {
      for (const [who, example, amount] of [[clerk, '1.250,50', '26.831,81 €'], [english, '1,250.50', '€26,831.81']] as const) {
        const page = plain((await who.get('/invoices?amount_min=abc')).text);
        assert.ok(page.includes(`Enter an amount such as ${example}.`), `the example amount ${example}`);
        assert.ok(plain((await who.get('/invoices')).text).includes(`<span class="amount">${amount}</span>`), `the amount ${amount}`);
      }
    }
  });
});

describe('the formatter', () => {
  it('reads amounts typed the reader’s way, exactly, and refuses ambiguous ones', () => {
    assert.equal(parseAmount('1.250,50', 'de-DE'), '1250.50');
    assert.equal(parseAmount('1.250', 'de-DE'), '1250');
    assert.equal(parseAmount('12.50', 'de-DE'), '12.50');
    assert.equal(parseAmount('1 250,5', 'sv-SE'), '1250.5');
    assert.equal(parseAmount("1'250.50", 'de-CH'), '1250.50');
    assert.equal(parseAmount('-3,5', 'it-IT'), '-3.5');
    assert.equal(parseAmount('12,50', 'en-GB'), null, 'a comma that groups must group thousands');
    assert.equal(parseAmount('1e3', 'en-GB'), null);
    assert.equal(parseAmount('99999999999999999999', 'en-GB'), null);
    assert.equal(parseAmount('0.1000001', 'en-GB'), null);
  });

  it('formats without floats, with the currency’s decimals', () => {
    assert.equal(plain(formatMoney('12345678901234.56', 'EUR', 'de-DE')), '12.345.678.901.234,56 €');
    assert.equal(plain(formatMoney('1500', 'JPY', 'en-GB')), 'JP¥1,500');
    assert.equal(formatMoney(null, 'EUR', 'en-GB'), '—');
    assert.equal(signed('205.00', 'credit_note'), '-205.00');
    assert.equal(signed('-205.00', 'credit_note'), '-205.00');
    assert.equal(signed('205.00', 'invoice'), '205.00');
  });

  it('writes quantities and rates grouped, and amounts for a form field so they read back exactly', () => {
    assert.equal(plain(formatNumber('1250.000', 'de-DE')), '1.250');
    assert.equal(plain(formatNumber('1250.000', 'sv-SE')), '1 250');
    assert.equal(formatNumber('312.50', 'it-IT'), '312,5');
    assert.equal(formatNumber('0.000001', 'en-GB'), '0.000001');
    assert.equal(formatNumber(null, 'en-GB'), '');
    for (const locale of ['de-DE', 'it-IT', 'en-GB', 'sv-SE'] as const) {
      for (const value of ['1.250', '-1234567.895', '1079020.00', '0.5']) {
        assert.equal(parseAmount(formatForInput(value, locale), locale), value, `${value} through a form field in ${locale}`);
      }
    }
    assert.equal(formatForInput('1.250', 'de-DE'), '1,250', 'never "1.250", which reads 1250 in German');
    assert.equal(parseAmount('\u22123,5', 'sv-SE'), '-3.5', 'the typographic minus of a pasted amount');
  });

  it('picks the locale from Accept-Language and today in the reader’s time zone', () => {
    assert.equal(localeFromAcceptLanguage('it-CH, fr;q=0.5'), 'it-IT');
    assert.equal(localeFromAcceptLanguage('sv'), 'sv-SE');
    assert.equal(localeFromAcceptLanguage('ja-JP'), 'en-GB');
    assert.equal(localeFromAcceptLanguage(undefined), 'en-GB');
    assert.equal(todayOf('Pacific/Kiritimati', new Date('2026-03-05T23:00:00Z')), '2026-03-06');
    assert.match(formatDateTime(new Date('2026-03-05T23:30:00Z'), { locale: 'de-DE', timeZone: 'Europe/Berlin' }), /^06\.03\.2026, 00:30 MEZ$/);
    assert.match(formatDateTime(new Date('2026-03-05T23:30:00Z'), { locale: 'en-GB', timeZone: 'UTC' }), /^05\/03\/2026, 23:30 UTC$/);
    assert.equal(todayOf('America/Los_Angeles', new Date('2026-03-05T05:00:00Z')), '2026-03-04');
  });

  it('keeps a format per locale and time zone: alternating readers each get their own', () => {
    const moment = new Date('2026-03-05T23:00:00Z');
    for (let round = 0; round < 2; round++) {
      assert.equal(todayOf('Pacific/Kiritimati', moment), '2026-03-06');
      assert.equal(todayOf('UTC', moment), '2026-03-05');
      assert.equal(todayOf('America/Los_Angeles', moment), '2026-03-05');
      assert.equal(plain(amountExample('de-DE')), '1.250,50');
      assert.equal(plain(amountExample('sv-SE')), '1 250,50');
      assert.equal(amountExample('en-GB'), '1,250.50');
      assert.equal(plain(formatPercent(0.734, 'de-DE')), '73,4 %');
      assert.equal(formatPercent(0.734, 'en-GB'), '73.4%');
      assert.equal(formatPercent(null, 'en-GB'), '—');
    }
  });
});
