/*
 * The group form as posted. Each node of the condition tree has a path ("r" is the top
 * group, "r.1" its second row, "r.1.0" the first row of a nested group) and posts its
 * parts as "<path>.field", "<path>.op", "<path>.value" or, for a group, "<path>.join"; a row
 * also posts "<path>.kind", the kind of value box it was shown with (text, choice, amount, date).
 * The Condition / And/Or / Remove buttons post "action" = "add-condition:<path>",
 * "add-group:<path>" or "remove:<path>": the server applies it and shows the form again,
 * which is how the form grows without JavaScript (htmx only swaps the editor in place).
 */
import * as v from 'valibot';
import type { FieldErrors } from '../../views/components/form';
import { ConditionsSchema, nodePathOf, type ConditionGroup } from './conditions';
import { FIELD_KEYS, FIELDS, fieldDef, isFieldKey, type FieldDef } from './fields';
import { typedValue } from './values';

export type DraftCondition = { field: string; op: string; value: string; kind?: string };
export type DraftGroup = { join: string; children: DraftNode[] };
export type DraftNode = DraftCondition | DraftGroup;
export type Draft = { name: string; conditions: DraftGroup };

export const isDraftGroup = (node: DraftNode): node is DraftGroup => 'children' in node;

const KEY = /^r((?:\.\d{1,3}){0,6})\.(join|field|op|value|kind)$/;

export const emptyCondition = (field = FIELD_KEYS[0]!): DraftCondition => ({ field, op: fieldDef(isFieldKey(field) ? field : FIELD_KEYS[0]!).operators[0]!, value: '' });
export const emptyDraft = (): Draft => ({ name: '', conditions: { join: 'and', children: [emptyCondition()] } });

/** The draft as stored conditions (for the edit form): values as the reader types them (amounts their way). */
export const draftOf = (name: string, conditions: ConditionGroup): Draft => ({ name, conditions: typedConditions(conditions) });

export function typedConditions(group: { join: string; children: unknown[] }): DraftGroup {
  const typed = (node: DraftNode): DraftNode =>
    isDraftGroup(node) ? typedConditions(node) : { ...node, value: typedValue(node.field, node.op, node.value) };
  return { join: group.join, children: (group.children as DraftNode[]).map(typed) };
}

export function readDraft(fields: Record<string, string | string[]>): Draft {
  const parts = new Map<string, Record<string, string>>();
  for (const [key, raw] of Object.entries(fields)) {
    const match = KEY.exec(key);
    if (!match) continue;
    const path = match[1]!;
    const entry = parts.get(path) ?? {};
    entry[match[2]!] = String(Array.isArray(raw) ? raw[0] ?? '' : raw);
    parts.set(path, entry);
  }
  const build = (path: string): DraftNode => {
    const own = parts.get(path) ?? {};
    if (path !== '' && own.join === undefined) {
      const row = { field: own.field ?? '', op: own.op ?? '', value: own.value ?? '' };
      return own.kind === undefined ? row : { ...row, kind: own.kind };
    }
    const childPaths = [...parts.keys()]
      .filter((p) => p.startsWith(`${path}.`) && p.split('.').length === path.split('.').length + 1)
      .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
    return { join: own.join ?? 'and', children: childPaths.map(build) };
  };
  return { name: String(fields.name ?? '').trim(), conditions: build('') as DraftGroup };
}

export type EditorAction = { kind: 'add-condition' | 'add-group' | 'remove'; path: string };

export function readAction(value: unknown): EditorAction | null {
  const match = /^(add-condition|add-group|remove):(r(?:\.\d{1,3}){0,6})$/.exec(String(value ?? ''));
  return match ? { kind: match[1] as EditorAction['kind'], path: match[2]! } : null;
}

export function applyAction(tree: DraftGroup, action: EditorAction): DraftGroup {
  const copy = structuredClone(tree);
  const indexes = action.path.split('.').slice(1).map(Number);
  if (action.kind === 'remove') {
    const parent = nodeAt(copy, indexes.slice(0, -1));
    if (parent && isDraftGroup(parent)) parent.children.splice(indexes.at(-1)!, 1);
    return pruneEmpty(copy);
  }
  const target = nodeAt(copy, indexes);
  if (!target || !isDraftGroup(target)) return copy;
  if (action.kind === 'add-condition') target.children.push(emptyCondition());
  else target.children.push({ join: target.join === 'and' ? 'or' : 'and', children: [emptyCondition(), emptyCondition()] });
  return copy;
}

function nodeAt(tree: DraftGroup, indexes: number[]): DraftNode | undefined {
  let node: DraftNode | undefined = tree;
  for (const i of indexes) node = node && isDraftGroup(node) ? node.children[i] : undefined;
  return node;
}

function pruneEmpty(group: DraftGroup, top = true): DraftGroup {
  group.children = group.children.map((c) => (isDraftGroup(c) ? pruneEmpty(c, false) : c)).filter((c) => !isDraftGroup(c) || c.children.length > 0);
  if (top && group.children.length === 0) group.children.push(emptyCondition());
  return group;
}

const NameSchema = v.pipe(v.string(), v.trim(), v.nonEmpty('Enter a group name.'), v.maxLength(100, 'Use at most 100 characters.'));

export type ValidDraft = { ok: true; name: string; conditions: ConditionGroup } | { ok: false; errors: FieldErrors };

/** Errors keyed "name" or by node path, for showing next to the name or the row. */
export function validateDraft(draft: Draft): ValidDraft {
  const errors: FieldErrors = {};
  const name = v.safeParse(NameSchema, draft.name);
  if (!name.success) errors.name = name.issues[0].message;
  const conditions = v.safeParse(ConditionsSchema, draft.conditions);
  if (!conditions.success) for (const issue of conditions.issues) errors[nodePathOf(issue)] ??= issue.message;
  if (!name.success || !conditions.success) return { ok: false, errors };
  return { ok: true, name: name.output, conditions: conditions.output };
}

/**
 * After a field changes (htmx): keep the operator if it fits the new field, else take the field's first;
 * keep the value only if it was entered for the same kind of field (a supplier name carries over to the
 * company, "Pagero" chosen for invScannedBy does not become a supplier name); a choice gets a valid value.
 */
export function normalizeDraft(draft: Draft, fields: Readonly<Record<string, FieldDef>> = FIELDS): Draft {
  const fix = (node: DraftNode): DraftNode => {
    if (isDraftGroup(node)) return { join: node.join === 'or' ? 'or' : 'and', children: node.children.map(fix) };
    if (!Object.hasOwn(fields, node.field)) return node;
    const def = fields[node.field]!;
    const op = (def.operators as readonly string[]).includes(node.op) ? node.op : def.operators[0]!;
    const carried = node.kind === undefined || node.kind === def.type ? node.value : '';
    const choices = Object.keys(def.choices ?? {});
    const value = choices.length > 0 && op !== 'in_list' && !choices.some((k) => k.toLowerCase() === carried.toLowerCase()) ? choices[0]! : carried;
    return { field: node.field, op, value };
  };
  return { ...draft, conditions: fix(draft.conditions) as DraftGroup };
}

/** Errors keyed by posted field ("r.1.value") as the form shows them: by node path ("r.1"), the name by "name". */
export function rowErrors(byField: FieldErrors): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, message] of Object.entries(byField)) {
    const match = KEY.exec(key);
    errors[match ? `r${match[1]}` : key] ??= message;
  }
  return errors;
}
