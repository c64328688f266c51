/*
 * The fields a condition can test, their value type and the operators that fit each.
 * Text compares case-insensitively; amounts compare as decimals and dates as dates.
 */
import { STATUS_LABELS } from '../invoices/statuses';

export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'does_not_contain',
  'starts_with',
  'is_blank',
  'is_not_blank',
  'greater_than',
  'less_than',
  'in_list',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_LABELS: Record<Operator, string> = {
  equals: 'Equals',
  not_equals: 'Not equals',
  contains: 'Contains',
  does_not_contain: 'Does not contain',
  starts_with: 'Starts with',
  is_blank: 'Is blank',
  is_not_blank: 'Is not blank',
  greater_than: 'Greater than',
  less_than: 'Less than',
  in_list: 'In list',
};

/** Operators that take no value. */
export const VALUELESS: ReadonlySet<Operator> = new Set(['is_blank', 'is_not_blank']);

export type ValueType = 'text' | 'choice' | 'amount' | 'date';

export type FieldDef = {
  label: string;
  type: ValueType;
  operators: readonly Operator[];
  /** For choice fields: stored value → label. */
  choices?: Readonly<Record<string, string>>;
};

const TEXT: readonly Operator[] = ['equals', 'not_equals', 'contains', 'does_not_contain', 'starts_with', 'is_blank', 'is_not_blank', 'in_list'];
const REQUIRED_TEXT: readonly Operator[] = ['equals', 'not_equals', 'contains', 'does_not_contain', 'starts_with', 'in_list'];
const CODE: readonly Operator[] = ['equals', 'not_equals', 'in_list', 'is_blank', 'is_not_blank'];
const CHOICE: readonly Operator[] = ['equals', 'not_equals'];
const CHOICE_OR_LIST: readonly Operator[] = ['equals', 'not_equals', 'in_list'];

export const FIELDS = {
  invScannedBy: { label: 'invScannedBy', type: 'choice', operators: CHOICE, choices: { Pagero: 'Pagero', Upload: 'Upload' } },
  company: { label: 'Company', type: 'text', operators: TEXT },
  supplier: { label: 'Supplier', type: 'text', operators: TEXT },
  supplierVatId: { label: 'Supplier VAT id', type: 'text', operators: TEXT },
  supplierCountry: { label: 'Supplier country', type: 'text', operators: CODE },
  buyerReference: { label: 'Buyer reference', type: 'text', operators: TEXT },
  currency: { label: 'Currency', type: 'text', operators: CODE },
  totalAmount: {
    label: 'Total amount',
    type: 'amount',
    operators: ['equals', 'not_equals', 'greater_than', 'less_than', 'in_list', 'is_blank', 'is_not_blank'],
  },
  documentType: { label: 'Document type', type: 'choice', operators: CHOICE, choices: { invoice: 'Invoice', credit_note: 'Credit note' } },
  format: { label: 'Format', type: 'choice', operators: CHOICE, choices: { ubl: 'UBL', cii: 'CII', fatturapa: 'FatturaPA' } },
  invoiceNumber: { label: 'Invoice number', type: 'text', operators: REQUIRED_TEXT },
  issueDate: { label: 'Issue date', type: 'date', operators: ['equals', 'not_equals', 'greater_than', 'less_than', 'in_list'] },
  orderReference: { label: 'Order reference', type: 'text', operators: TEXT },
  status: { label: 'Status', type: 'choice', operators: CHOICE_OR_LIST, choices: STATUS_LABELS },
  /** EN 16931 validation (src/validation): Fails also when it could not be validated; Pending until checked. */
  validation: { label: 'Validation', type: 'choice', operators: CHOICE, choices: { fails: 'Fails', passes: 'Passes', pending: 'Pending' } },
  /** The rule ids of the invoice's fatal EN 16931 findings, e.g. "Rule Contains BR-CO". */
  rule: { label: 'Rule', type: 'text', operators: ['contains', 'does_not_contain', 'is_blank', 'is_not_blank'] },
} as const satisfies Record<string, FieldDef>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

export const fieldDef = (key: FieldKey): FieldDef => FIELDS[key];
export const isFieldKey = (x: string): x is FieldKey => Object.hasOwn(FIELDS, x);
export const isOperator = (x: string): x is Operator => (OPERATORS as readonly string[]).includes(x);
export const fits = (field: FieldKey, op: Operator) => fieldDef(field).operators.includes(op);
