import { isGroup, type ConditionGroup, type ConditionNode } from './conditions';
import { FIELDS, OPERATOR_LABELS, VALUELESS } from './fields';

/** "invScannedBy Equals “Pagero” And (Company Equals “Acme” Or …)" for pages and the audit log. */
export function describeConditions(group: ConditionGroup, nested = false): string {
  const parts = group.children.map((c: ConditionNode) => (isGroup(c) ? describeConditions(c, true) : describeRow(c)));
  const text = parts.join(group.join === 'or' ? ' Or ' : ' And ');
  return nested && parts.length > 1 ? `(${text})` : text;
}

function describeRow(c: { field: keyof typeof FIELDS; op: keyof typeof OPERATOR_LABELS; value: string }) {
  const head = `${FIELDS[c.field]?.label ?? c.field} ${OPERATOR_LABELS[c.op] ?? c.op}`;
  return VALUELESS.has(c.op) ? head : `${head} “${c.value}”`;
}
