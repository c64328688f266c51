/*
 * Approval rule conditions: the Document Groups condition tree (src/groups/conditions.ts),
 * validated against the approval field catalogue and compiled to one SQL predicate over the
 * invoice's subject row `i` (src/groups/compile.ts groupSubjects). Fields shared with
 * Document Groups compile through the groups compiler; the approval-only fields here.
 */
import type postgres from 'postgres';
import type { FieldErrors } from '../../views/components/form';
import type { Db } from '../db/connection';
import { compare as compareDecimal, fromScaled, toScaled } from '../einvoice/decimal';
import { MAX_CONDITIONS, MAX_DEPTH, type Condition } from '../groups/conditions';
import { compileCondition } from '../groups/compile';
import { fits, isOperator, OPERATOR_LABELS, VALUELESS, type FieldKey, type Operator } from '../groups/fields';
import { isDraftGroup, type DraftGroup, type DraftNode } from '../groups/form';
import { readValue, storedValue, type ParsedValue, type ValueReading } from '../groups/values';
import { APPROVAL_FIELDS, isApprovalField, isExtraField, type ExtraField } from './fields';

export type RuleCondition = { field: string; op: Operator; value: string };
export type RuleGroup = { join: 'and' | 'or'; children: (RuleCondition | RuleGroup)[] };
type RuleNode = RuleCondition | RuleGroup;

const isRuleGroup = (node: RuleNode): node is RuleGroup => 'children' in node;

export function readRuleValue(field: string, op: Operator, raw: string): ValueReading {
  if (!isExtraField(field)) return readValue(field as FieldKey, op, raw);
  const text = raw.trim();
  if (VALUELESS.has(op)) return { ok: true, value: { kind: 'none' } };
  if (text === '') return { ok: false, error: 'Enter a value.' };
  if (op === 'in_list') {
    const values = text.split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);
    if (values.length === 0) return { ok: false, error: 'Enter one or more values separated by commas.' };
    if (values.length > 200 || values.some((x) => x.length > 200)) return { ok: false, error: 'Enter at most 200 values of at most 200 characters.' };
    return { ok: true, value: { kind: 'list', values } };
  }
  if (text.length > 200) return { ok: false, error: 'Use at most 200 characters.' };
  return { ok: true, value: { kind: 'one', value: text } };
}

export type ValidConditions = { ok: true; tree: RuleGroup } | { ok: false; errors: FieldErrors };

/** Errors keyed by node path ("r", "r.1", …) as the condition editor shows them. */
export function validateConditions(draft: DraftGroup): ValidConditions {
  const errors: FieldErrors = {};
  let count = 0;
  const walk = (node: DraftNode, path: string, depth: number): RuleNode | null => {
    if (isDraftGroup(node)) {
      if (depth > MAX_DEPTH) errors[path] ??= `Nest groups at most ${MAX_DEPTH} deep.`;
      if (node.join !== 'and' && node.join !== 'or') errors[path] ??= 'Choose And or Or.';
      if (node.children.length === 0) errors[path] ??= 'Add at least one condition.';
      const children = node.children.map((child, i) => walk(child, `${path}.${i}`, depth + 1));
      return { join: node.join === 'or' ? 'or' : 'and', children: children.filter((c): c is RuleNode => c !== null) };
    }
    count += 1;
    if (!isApprovalField(node.field)) return void (errors[path] = 'Choose a field from the list.'), null;
    const def = APPROVAL_FIELDS[node.field]!;
    if (!isOperator(node.op)) return void (errors[path] = 'Choose an operator from the list.'), null;
    if (!def.operators.includes(node.op) || (!isExtraField(node.field) && !fits(node.field as FieldKey, node.op))) {
      return void (errors[path] = `${OPERATOR_LABELS[node.op]} does not fit ${def.label}; choose another operator.`), null;
    }
    // Group fields are stored as Document Groups store them (amounts as plain decimals: src/groups/values.ts).
    const stored = isExtraField(node.field) ? { ok: true as const, value: node.value.trim() } : storedValue(node.field as FieldKey, node.op, node.value);
    if (!stored.ok) return void (errors[path] = stored.error), null;
    const reading = readRuleValue(node.field, node.op, stored.value);
    if (!reading.ok) return void (errors[path] = reading.error), null;
    return { field: node.field, op: node.op, value: stored.value };
  };
  const tree = walk(draft, 'r', 1) as RuleGroup;
  if (count > MAX_CONDITIONS) errors.r ??= `Use at most ${MAX_CONDITIONS} conditions.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const contradiction = findContradiction(tree);
  if (contradiction) return { ok: false, errors: { r: contradiction } };
  return { ok: true, tree };
}

type Fragment = postgres.Fragment;

export function compileRule(db: Db, group: RuleGroup): Fragment {
  const parts = group.children.map((child) => (isRuleGroup(child) ? compileRule(db, child) : compileRuleCondition(db, child)));
  const joined = parts.slice(1).reduce((acc, part) => (group.join === 'and' ? db`${acc} and ${part}` : db`${acc} or ${part}`), parts[0] ?? db`false`);
  return db`(${joined})`;
}

function compileRuleCondition(db: Db, condition: RuleCondition): Fragment {
  if (!isExtraField(condition.field)) return compileCondition(db, condition as Condition);
  const reading = readRuleValue(condition.field, condition.op, condition.value);
  if (!reading.ok) throw new Error(`condition does not compile: ${reading.error}`);
  const negated = condition.op === 'not_equals' || condition.op === 'is_not_blank';
  const test = extraTest(db, condition.field, negated ? (condition.op === 'not_equals' ? 'equals' : 'is_blank') : condition.op, reading.value);
  return negated ? db`not coalesce(${test}, false)` : db`coalesce(${test}, false)`;
}

const wanted = (value: ParsedValue) => (value.kind === 'one' ? [value.value] : value.kind === 'list' ? value.values : []);

function extraTest(db: Db, field: ExtraField, op: Operator, value: ParsedValue): Fragment {
  const values = wanted(value).map((x) => x.toLowerCase());
  if (field === 'documentGroup') {
    if (op === 'is_blank') return db`not exists (select 1 from invoice_groups x where x.invoice_id = i.id and x.group_id is not null)`;
    return db`exists (select 1 from invoice_groups x join document_groups g on g.id = x.group_id where x.invoice_id = i.id and lower(g.name) = any(${values}::text[]))`;
  }
  if (field === 'costCentre') {
    return db`exists (select 1 from invoice_lines l join invoice_line_codings c on c.invoice_line_id = l.id join cost_centres cc on cc.id = c.cost_centre_id
                      where l.invoice_id = i.id and (lower(cc.code) = any(${values}::text[]) or lower(cc.name) = any(${values}::text[])))`;
  }
  return db`exists (select 1 from invoice_lines l join invoice_line_codings c on c.invoice_line_id = l.id join gl_accounts ga on ga.id = c.gl_account_id
                    where l.invoice_id = i.id and (lower(ga.code) = any(${values}::text[]) or lower(ga.name) = any(${values}::text[])))`;
}

/*
 * "A rule that matches nothing" is refused when saved: conditions joined by And that cannot
 * both hold (Currency equals EUR and Currency equals USD; Total greater than 10000 and less
 * than 5000; Supplier is blank and Supplier equals Acme). An Or matches nothing only when none
 * of its parts can. This is a check of the conditions themselves, not of today's invoices:
 * a rule for amounts nobody has invoiced yet is still a fine rule.
 */
export function findContradiction(group: RuleGroup): string | null {
  const nested = group.children.filter(isRuleGroup).map(findContradiction);
  if (group.join === 'or') {
    const conditions = group.children.filter((c) => !isRuleGroup(c));
    return conditions.length === 0 && nested.length > 0 && nested.every(Boolean) ? nested[0]! : null;
  }
  const inner = nested.find(Boolean);
  if (inner) return inner;
  const conditions = group.children.filter((c): c is RuleCondition => !isRuleGroup(c));
  for (let a = 0; a < conditions.length; a++) {
    for (let b = a + 1; b < conditions.length; b++) {
      const x = conditions[a]!;
      const y = conditions[b]!;
      if (x.field === y.field && contradicts(x, y)) {
        return `These conditions can never both hold (${describe(x)} and ${describe(y)}), so the rule would match no invoice.`;
      }
    }
  }
  return null;
}

function describe(c: RuleCondition) {
  const def = APPROVAL_FIELDS[c.field];
  return `${def?.label ?? c.field} ${OPERATOR_LABELS[c.op].toLowerCase()}${VALUELESS.has(c.op) ? '' : ` ${c.value}`}`;
}

/** The set of values a condition allows, when it names them (equals, in list). */
function allowed(c: RuleCondition): string[] | null {
  const reading = readRuleValue(c.field, c.op, c.value);
  if (!reading.ok) return null;
  if (c.op === 'equals' || c.op === 'in_list') return wanted(reading.value).map((v) => normal(c.field, v));
  return null;
}

const isOrdered = (field: string) => ['amount', 'date'].includes(APPROVAL_FIELDS[field]?.type ?? '');
const normal = (field: string, v: string) => (APPROVAL_FIELDS[field]?.type === 'amount' ? fromScaled(toScaled(v)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') : v.toLowerCase());
const compare = (field: string, a: string, b: string) => (APPROVAL_FIELDS[field]?.type === 'amount' ? compareDecimal(a, b) : a < b ? -1 : a > b ? 1 : 0);

function contradicts(x: RuleCondition, y: RuleCondition): boolean {
  for (const [p, q] of [[x, y], [y, x]] as const) {
    if (p.op === 'is_blank' && q.op !== 'is_blank' && !['not_equals', 'does_not_contain'].includes(q.op)) return true;
    const set = allowed(p);
    if (set) {
      const other = allowed(q);
      if (other && !set.some((v) => other.includes(v))) return true;
      if (q.op === 'not_equals' && set.every((v) => v === normal(q.field, q.value))) return true;
      if (isOrdered(p.field) && (q.op === 'greater_than' || q.op === 'less_than')) {
        const sign = q.op === 'greater_than' ? 1 : -1;
        if (set.every((v) => sign * compare(p.field, v, q.value.trim()) <= 0)) return true;
      }
    }
  }
  if (isOrdered(x.field)) {
    const gt = [x, y].find((c) => c.op === 'greater_than');
    const lt = [x, y].find((c) => c.op === 'less_than');
    if (gt && lt && gt !== lt && compare(x.field, gt.value.trim(), lt.value.trim()) >= 0) {
      // an open interval (a, b) with a >= b is empty for amounts; for dates (a, a+1) is empty too, which this leaves alone
      return true;
    }
  }
  return false;
}
