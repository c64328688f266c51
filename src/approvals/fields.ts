/*
 * The fields an approval rule can test: the Document Groups catalogue (an invoice is always
 * Ready here, so its status is left out) plus the document group and, on any line, the cost
 * centre or GL account it is coded to (matched by code or name).
 */
import { FIELDS, type FieldDef, type Operator } from '../groups/fields';

const { status: _status, ...GROUP_FIELDS } = FIELDS;

const LINE_CODE: readonly Operator[] = ['equals', 'not_equals', 'in_list'];

export const EXTRA_FIELDS = {
  documentGroup: { label: 'Document group', type: 'text', operators: ['equals', 'not_equals', 'in_list', 'is_blank', 'is_not_blank'] },
  costCentre: { label: 'Cost centre (any line)', type: 'text', operators: LINE_CODE },
  glAccount: { label: 'GL account (any line)', type: 'text', operators: LINE_CODE },
} as const satisfies Record<string, FieldDef>;

export type ExtraField = keyof typeof EXTRA_FIELDS;

export const APPROVAL_FIELDS: Readonly<Record<string, FieldDef>> = { ...GROUP_FIELDS, ...EXTRA_FIELDS };

export const isExtraField = (key: string): key is ExtraField => Object.hasOwn(EXTRA_FIELDS, key);
export const isApprovalField = (key: string) => Object.hasOwn(APPROVAL_FIELDS, key);
