/*
 * A group's conditions: a tree of condition rows (Field, Operator, Value) and nested
 * groups, each group joining its children with And or Or, so "(A and B) or C" and
 * "A and (B or C)" are both written. This is what document_groups.conditions holds.
 */
import * as v from 'valibot';
import { FIELD_KEYS, FIELDS, fits, OPERATOR_LABELS, OPERATORS, type FieldKey, type Operator } from './fields';
import { storedValue } from './values';

export type Condition = { field: FieldKey; op: Operator; value: string };
export type ConditionGroup = { join: 'and' | 'or'; children: ConditionNode[] };
export type ConditionNode = Condition | ConditionGroup;

export const isGroup = (node: ConditionNode): node is ConditionGroup => 'children' in node;

export const MAX_DEPTH = 4;
export const MAX_CONDITIONS = 40;

const ConditionSchema = v.pipe(
  v.object({
    field: v.picklist(FIELD_KEYS, 'Choose a field from the list.'),
    op: v.picklist(OPERATORS, 'Choose an operator from the list.'),
    value: v.pipe(v.string('Enter a value.'), v.trim(), v.maxLength(5000, 'This value is too long.')),
  }),
  // The value as typed becomes the value as stored (amounts as plain decimals: values.ts).
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const { field, op, value } = dataset.value;
    if (!fits(field, op)) {
      addIssue({ message: `${OPERATOR_LABELS[op]} does not fit ${FIELDS[field].label}; choose another operator.` });
      return NEVER;
    }
    const stored = storedValue(field, op, value);
    if (!stored.ok) {
      addIssue({ message: stored.error });
      return NEVER;
    }
    return { field, op, value: stored.value };
  }),
);

const GroupSchema: v.GenericSchema<ConditionGroup> = v.object({
  join: v.picklist(['and', 'or'], 'Choose And or Or.'),
  children: v.pipe(
    v.array(v.lazy((input): v.GenericSchema<ConditionNode> => (isObject(input) && 'children' in input ? GroupSchema : ConditionSchema))),
    v.minLength(1, 'Add at least one condition.'),
  ),
});

export const ConditionsSchema = v.pipe(
  GroupSchema,
  v.check((tree) => depth(tree) <= MAX_DEPTH, `Nest groups at most ${MAX_DEPTH} deep.`),
  v.check((tree) => countConditions(tree) <= MAX_CONDITIONS, `Use at most ${MAX_CONDITIONS} conditions.`),
);

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;

const depth = (g: ConditionGroup): number => 1 + Math.max(0, ...g.children.filter(isGroup).map(depth));

export const countConditions = (g: ConditionGroup): number =>
  g.children.reduce((n, child) => n + (isGroup(child) ? countConditions(child) : 1), 0);

/** A valibot issue's path → the node path used in the form ("r", "r.1", "r.1.0"). */
export function nodePathOf(issue: v.BaseIssue<unknown>): string {
  const indexes = (issue.path ?? []).filter((p) => p.type === 'array').map((p) => String(p.key));
  return ['r', ...indexes].join('.');
}
