/* "overdue 45 days", "due today", "due in 3 days": whole calendar days, nothing once the invoice is settled. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueState, dueText } from '../../src/invoices/due';

describe('how urgent an invoice is by its due date', () => {
  it('counts whole calendar days before and after the due date', () => {
    assert.equal(dueText(dueState('2026-10-19', 'ready', '2026-12-03')), 'overdue 45 days');
    assert.equal(dueText(dueState('2026-12-02', 'in_review', '2026-12-03')), 'overdue 1 day');
    assert.equal(dueText(dueState('2026-12-03', 'received', '2026-12-03')), 'due today');
    assert.equal(dueText(dueState('2026-12-06', 'approved', '2026-12-03')), 'due in 3 days');
    assert.equal(dueText(dueState('2027-03-01', 'on_hold', '2026-12-03')), 'due in 88 days');
  });

  it('says nothing without a due date or once the invoice is exported, cancelled or rejected', () => {
    assert.equal(dueText(dueState(null, 'ready', '2026-12-03')), null);
    for (const status of ['exported', 'cancelled', 'rejected']) assert.equal(dueText(dueState('2026-01-01', status, '2026-12-03')), null, status);
  });
});
