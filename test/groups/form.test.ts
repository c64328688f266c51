import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAction, normalizeDraft, readAction, readDraft, validateDraft } from '../../src/groups/form';

describe('the group form', () => {
  it('reads the posted rows back into a tree, in index order, ignoring unknown keys', () => {
    const draft = readDraft({
      name: ' E-invoices ',
      'r.join': 'or',
      'r.10.field': 'currency', 'r.10.op': 'equals', 'r.10.value': 'SEK',
      'r.2.join': 'and',
      'r.2.0.field': 'invScannedBy', 'r.2.0.op': 'equals', 'r.2.0.value': 'Pagero',
      'r.2.1.field': 'company', 'r.2.1.op': 'equals', 'r.2.1.value': 'Acme',
      'x.0.field': 'nope', 'r.0.evil': 'nope',
    });
    assert.deepEqual(draft, {
      name: 'E-invoices',
      conditions: {
        join: 'or',
        children: [
          { join: 'and', children: [{ field: 'invScannedBy', op: 'equals', value: 'Pagero' }, { field: 'company', op: 'equals', value: 'Acme' }] },
          { field: 'currency', op: 'equals', value: 'SEK' },
        ],
      },
    });
    assert.equal(validateDraft(draft).ok, true);
  });

  it('adds rows and nested groups, removes them, and never leaves a group empty', () => {
    const tree = { join: 'and', children: [{ field: 'currency', op: 'equals', value: 'EUR' }] };
    const nested = applyAction(tree, readAction('add-group:r')!);
    assert.equal(nested.children.length, 2);
    assert.deepEqual((nested.children[1] as { join: string }).join, 'or');
    const removedBoth = applyAction(applyAction(nested, readAction('remove:r.1.0')!), readAction('remove:r.1.0')!);
    assert.equal(removedBoth.children.length, 1, 'an emptied nested group goes away');
    const emptied = applyAction(tree, readAction('remove:r.0')!);
    assert.equal(emptied.children.length, 1, 'the top group keeps one blank row');
    assert.equal(readAction('drop:r'), null);
    assert.equal(readAction('add-condition:r.1;delete'), null);
  });

  it('after a field change keeps a fitting operator and picks one that fits otherwise', () => {
    const draft = normalizeDraft({
      name: 'x',
      conditions: { join: 'and', children: [{ field: 'totalAmount', op: 'contains', value: '5' }, { field: 'format', op: 'equals', value: 'Pagero' }, { field: 'supplier', op: 'contains', value: 'a' }] },
    });
    assert.deepEqual(draft.conditions.children, [
      { field: 'totalAmount', op: 'equals', value: '5' },
      { field: 'format', op: 'equals', value: 'ubl' },
      { field: 'supplier', op: 'contains', value: 'a' },
    ]);
  });

  it('after a field change drops a value entered for another kind of field', () => {
    const draft = normalizeDraft(readDraft({
      'r.0.field': 'supplier', 'r.0.op': 'equals', 'r.0.value': 'Pagero', 'r.0.kind': 'choice',
      'r.1.field': 'company', 'r.1.op': 'contains', 'r.1.value': 'Acme', 'r.1.kind': 'text',
      'r.2.field': 'issueDate', 'r.2.op': 'equals', 'r.2.value': '1250.00', 'r.2.kind': 'amount',
      'r.3.field': 'documentType', 'r.3.op': 'equals', 'r.3.value': 'Acme', 'r.3.kind': 'text',
    }));
    assert.deepEqual(draft.conditions.children, [
      { field: 'supplier', op: 'equals', value: '' },
      { field: 'company', op: 'contains', value: 'Acme' },
      { field: 'issueDate', op: 'equals', value: '' },
      { field: 'documentType', op: 'equals', value: 'invoice' },
    ]);
  });

  it('refuses trees nested too deep or too large', () => {
    let tree: object = { field: 'currency', op: 'equals', value: 'EUR' };
    for (let i = 0; i < 5; i++) tree = { join: i % 2 ? 'and' : 'or', children: [tree] };
    const deep = validateDraft({ name: 'x', conditions: tree as never });
    assert.equal(deep.ok, false);
    const many = validateDraft({ name: 'x', conditions: { join: 'or', children: Array.from({ length: 41 }, () => ({ field: 'currency', op: 'equals', value: 'EUR' })) } });
    assert.equal(many.ok, false);
    assert.match(String(!many.ok && many.errors.r), /at most 40 conditions/);
  });
});
