import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createApp } from '../../src/app';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import type { Role } from '../../src/http/context';
import { and, makeGroup, makeInvoice, row } from './factory';

type Invoice = { id: number; number: string; attachmentId: number; lineId: number };

describe('who sees which invoices', () => {
  const t = useTestApp();
  let groupA: number;
  let groupB: number;
  const invoices: Record<'a' | 'b' | 'unassigned', Invoice> = {} as never;
  const browsers: Record<string, Browserless> = {};

  const USERS: Record<string, { roles: Role[]; isUserAdmin?: boolean; groups: ('a' | 'b')[]; sees: ('a' | 'b' | 'unassigned')[] }> = {
    'AP Specialist in group A': { roles: ['ap_specialist'], groups: ['a'], sees: ['a'] },
    'AP Manager in groups A and B': { roles: ['ap_manager'], groups: ['a', 'b'], sees: ['a', 'b'] },
    'AP Specialist in no group': { roles: ['ap_specialist'], groups: [], sees: [] },
    'Financial Accounting': { roles: ['financial_accounting'], groups: [], sees: ['a', 'b', 'unassigned'] },
    'AP Admin': { roles: ['ap_admin'], groups: [], sees: ['a', 'b', 'unassigned'] },
    'User admin': { roles: [], isUserAdmin: true, groups: [], sees: ['a', 'b', 'unassigned'] },
  };

  before(async () => {
    groupA = await makeGroup(t.db.sql, 'Group A', and(row('currency', 'equals', 'EUR')));
    groupB = await makeGroup(t.db.sql, 'Group B', and(row('currency', 'equals', 'SEK')));
    for (const [key, groupId] of [['a', groupA], ['b', groupB], ['unassigned', null]] as const) {
      const number = `SECRET-${key.toUpperCase()}-${Date.now()}`;
      const id = await makeInvoice(t.db.sql, { invoiceNumber: number, documentGroupId: groupId });
      const [att] = await t.db.sql<{ id: number }[]>`
        insert into invoice_attachments (invoice_id, position, filename, mime_type, size_bytes, sha256, content)
        values (${id}, 0, 'scan.pdf', 'application/pdf', 3, 'x', ${Buffer.from('pdf')}) returning id::int`;
      const [line] = await t.db.sql<{ id: number }[]>`
        insert into invoice_lines (invoice_id, position, name, quantity, unit_price, net_amount)
        values (${id}, 1, 'Widgets', 1, 10, 10) returning id::int`;
      invoices[key] = { id, number, attachmentId: att!.id, lineId: line!.id };
    }
    for (const [name, spec] of Object.entries(USERS)) {
      const user = await makeUser(t.db.sql, { roles: spec.roles, isUserAdmin: spec.isUserAdmin ?? false });
      for (const g of spec.groups) {
        await t.db.sql`insert into document_group_members (group_id, user_id) values (${g === 'a' ? groupA : groupB}, ${user.id})`;
      }
      browsers[name] = new Browserless(t.app.url);
      await browsers[name].signIn(user.email, user.password);
    }
  });

  /** Every GET route of the app, with its parameters filled for `invoice`. */
  function getRoutes(invoice: Invoice): string[] {
    const table = createApp(t.app.deps).routes.filter((r) => r.method === 'GET' && !r.path.includes('*'));
    const paths = [...new Set(table.map((r) => r.path))];
    return paths.map((path) =>
      path
        .replace(/:attachmentId(\{[^}]*\})?/g, String(invoice.attachmentId))
        .replace(/:lineId(\{[^}]*\})?/g, String(invoice.lineId))
        .replace(/:(\w+)(\{[^}]*\})?/g, String(invoice.id)),
    );
  }

  /** Every state-changing route on one invoice: none may touch an invoice its user cannot see. */
  function postRoutes(invoice: Invoice): string[] {
    const table = createApp(t.app.deps).routes.filter((r) => r.method !== 'GET' && r.method !== 'ALL' && r.path.startsWith('/invoices/:id'));
    return [...new Set(table.map((r) => r.path))].map((path) =>
      path.replace(/:attachmentId(\{[^}]*\})?/g, String(invoice.attachmentId)).replace(/:lineId(\{[^}]*\})?/g, String(invoice.lineId)).replace(/:(\w+)(\{[^}]*\})?/g, String(invoice.id)),
    );
  }

  for (const [name, spec] of Object.entries(USERS)) {
    it(`${name}: every invoice route answers 404 for invoices outside their groups, and no page shows them`, async () => {
      const browser = browsers[name]!;
      for (const key of ['a', 'b', 'unassigned'] as const) {
        const invoice = invoices[key];
        const visible = spec.sees.includes(key);
        for (const path of getRoutes(invoice)) {
          const res = await browser.get(path);
          if (path.startsWith(`/invoices/${invoice.id}`)) {
            if (visible && res.status === 303) {
              // Pages folded into the invoice page (the Coding page) redirect to it, and only for an invoice the user sees.
              assert.match(res.location ?? '', new RegExp(`^/invoices/${invoice.id}([?#]|$)`), `${name} GET ${path} (${key})`);
            } else if (visible && (res.status === 403 || res.status === 409) && !path.endsWith(`/invoices/${invoice.id}`)) {
              // An edit form the role may not use (403) or another user is editing (409): refused in words, never hidden as a 404.
              assert.ok(res.text.length > 0, `${name} GET ${path} (${key})`);
            } else {
              assert.equal(res.status, visible ? 200 : 404, `${name} GET ${path} (${key})`);
            }
          } else if (!visible) {
            assert.ok(!res.text.includes(invoice.number), `${name} GET ${path} shows invoice ${key}`);
          }
        }
        for (const path of postRoutes(invoice)) {
          const res = await browser.post(path, {});
          if (!visible) assert.equal(res.status, 404, `${name} POST ${path} (${key})`);
        }
        const list = await browser.get('/invoices');
        assert.equal(list.text.includes(invoice.number), visible, `${name} My Invoices and invoice ${key}`);
      }
    });
  }

  it('walks a route table that includes the invoice page, original and attachment downloads', () => {
    const paths = getRoutes(invoices.a);
    for (const expected of [`/invoices/${invoices.a.id}`, `/invoices/${invoices.a.id}/original`, `/invoices/${invoices.a.id}/attachments/${invoices.a.attachmentId}`]) {
      assert.ok(paths.includes(expected), expected);
    }
  });

  it('lets only user admins assign groups, on the group page and on the user page', async () => {
    const target = await makeUser(t.db.sql, { firstName: 'Tina', lastName: 'Target' });
    const apAdmin = browsers['AP Admin']!;
    const page = await apAdmin.get(`/settings/document-groups/${groupA}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Assign a user/);
    assert.match(page.text, /Only user admins assign users to groups\./);
    assert.equal((await apAdmin.post(`/settings/document-groups/${groupA}/members`, { userId: String(target.id) })).status, 403);
    assert.equal((await apAdmin.post(`/users/${target.id}/document-groups`, { groupIds: String(groupA) })).status, 403);
    const specialist = browsers['AP Specialist in group A']!;
    assert.equal((await specialist.post(`/settings/document-groups/${groupA}/members`, { userId: String(target.id) })).status, 403);
    assert.equal((await t.db.sql`select 1 from document_group_members where user_id = ${target.id}`).length, 0);

    const userAdmin = browsers['User admin']!;
    const groupPage = await userAdmin.get(`/settings/document-groups/${groupA}`);
    assert.match(groupPage.text, /Assign a user/);
    const assigned = await userAdmin.post(`/settings/document-groups/${groupA}/members`, { userId: String(target.id) });
    assert.equal(assigned.status, 303);
    assert.match((await userAdmin.get(`/settings/document-groups/${groupA}`)).text, /Tina Target/);

    const userPage = await userAdmin.get(`/users/${target.id}`);
    assert.match(userPage.text, new RegExp(`name="groupIds" value="${groupA}" checked`));
    const saved = await userAdmin.post(`/users/${target.id}/document-groups`, { groupIds: String(groupB) });
    assert.equal(saved.status, 303);
    const groups = await t.db.sql<{ g: number }[]>`select group_id::int as g from document_group_members where user_id = ${target.id}`;
    assert.deepEqual(groups.map((r) => r.g), [groupB]);

    const removed = await userAdmin.post(`/settings/document-groups/${groupB}/members/${target.id}/removal`, {});
    assert.equal(removed.status, 303);
    const events = await t.db.sql`select group_name, action, details->>'user' as who from document_group_events where details->>'userId' = ${String(target.id)} order by id`;
    assert.deepEqual(events.map((e) => [e.groupName, e.action, e.who]), [
      ['Group A', 'assigned', 'Tina Target'],
      ['Group B', 'assigned', 'Tina Target'],
      ['Group A', 'unassigned', 'Tina Target'],
      ['Group B', 'unassigned', 'Tina Target'],
    ]);
  });
});
