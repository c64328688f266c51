/*
 * The field a finding concerns, in the clerk's words: EN 16931's business term (BT-112) with apdesk's own label
 * ("Total with tax") and, where the invoice page shows the value, the anchor to jump to.
 */
type Field = { label: string; anchor?: string };

const FIELDS: Record<string, Field> = {
  'BT-1': { label: 'Invoice number', anchor: 'invoice-facts' },
  'BT-2': { label: 'Issue date', anchor: 'invoice-facts' },
  'BT-3': { label: 'Type code', anchor: 'invoice-facts' },
  'BT-5': { label: 'Currency', anchor: 'invoice-facts' },
  'BT-6': { label: 'Tax currency' },
  'BT-9': { label: 'Due date', anchor: 'invoice-facts' },
  'BT-10': { label: 'Buyer reference', anchor: 'invoice-facts' },
  'BT-13': { label: 'Order reference', anchor: 'invoice-facts' },
  'BT-20': { label: 'Payment terms', anchor: 'invoice-facts' },
  'BT-23': { label: 'Business process' },
  'BT-24': { label: 'Specification identifier' },
  'BT-25': { label: 'Credited invoice', anchor: 'invoice-facts' },
  'BT-27': { label: 'Supplier name', anchor: 'party-supplier' },
  'BT-28': { label: 'Supplier trading name', anchor: 'party-supplier' },
  'BT-29': { label: 'Supplier identifier', anchor: 'party-supplier' },
  'BT-30': { label: 'Supplier legal registration', anchor: 'party-supplier' },
  'BT-31': { label: 'Supplier VAT id', anchor: 'party-supplier' },
  'BT-32': { label: 'Supplier tax registration', anchor: 'party-supplier' },
  'BT-34': { label: 'Supplier electronic address', anchor: 'party-supplier' },
  'BT-35': { label: 'Supplier street', anchor: 'party-supplier' },
  'BT-37': { label: 'Supplier city', anchor: 'party-supplier' },
  'BT-38': { label: 'Supplier post code', anchor: 'party-supplier' },
  'BT-40': { label: 'Supplier country', anchor: 'party-supplier' },
  'BT-44': { label: 'Buyer name', anchor: 'party-buyer' },
  'BT-46': { label: 'Buyer identifier', anchor: 'party-buyer' },
  'BT-47': { label: 'Buyer legal registration', anchor: 'party-buyer' },
  'BT-48': { label: 'Buyer VAT id', anchor: 'party-buyer' },
  'BT-49': { label: 'Buyer electronic address', anchor: 'party-buyer' },
  'BT-50': { label: 'Buyer street', anchor: 'party-buyer' },
  'BT-52': { label: 'Buyer city', anchor: 'party-buyer' },
  'BT-53': { label: 'Buyer post code', anchor: 'party-buyer' },
  'BT-55': { label: 'Buyer country', anchor: 'party-buyer' },
  'BT-81': { label: 'Payment means' },
  'BT-84': { label: 'Pay to (IBAN)', anchor: 'invoice-facts' },
  'BT-92': { label: 'Document allowance amount', anchor: 'invoice-totals' },
  'BT-95': { label: 'Document allowance tax category', anchor: 'invoice-totals' },
  'BT-99': { label: 'Document charge amount', anchor: 'invoice-totals' },
  'BT-102': { label: 'Document charge tax category', anchor: 'invoice-totals' },
  'BT-106': { label: 'Sum of lines', anchor: 'total-lineNet' },
  'BT-107': { label: 'Allowances', anchor: 'total-allowances' },
  'BT-108': { label: 'Charges', anchor: 'total-charges' },
  'BT-109': { label: 'Total without tax', anchor: 'total-taxExclusive' },
  'BT-110': { label: 'Tax', anchor: 'total-tax' },
  'BT-111': { label: 'Tax in accounting currency' },
  'BT-112': { label: 'Total with tax', anchor: 'total-taxInclusive' },
  'BT-113': { label: 'Paid in advance', anchor: 'total-prepaid' },
  'BT-114': { label: 'Rounding', anchor: 'total-rounding' },
  'BT-115': { label: 'Amount due', anchor: 'total-payable' },
  'BT-116': { label: 'Taxable amount (tax breakdown)', anchor: 'tax-breakdown' },
  'BT-117': { label: 'Tax amount (tax breakdown)', anchor: 'tax-breakdown' },
  'BT-118': { label: 'Tax category (tax breakdown)', anchor: 'tax-breakdown' },
  'BT-119': { label: 'Tax rate (tax breakdown)', anchor: 'tax-breakdown' },
  'BT-120': { label: 'Tax exemption reason', anchor: 'tax-breakdown' },
  'BT-121': { label: 'Tax exemption reason code', anchor: 'tax-breakdown' },
  'BT-126': { label: 'Line number', anchor: 'invoice-lines' },
  'BT-129': { label: 'Line quantity', anchor: 'invoice-lines' },
  'BT-130': { label: 'Line unit', anchor: 'invoice-lines' },
  'BT-131': { label: 'Line net amount', anchor: 'invoice-lines' },
  'BT-136': { label: 'Line allowance amount', anchor: 'invoice-lines' },
  'BT-141': { label: 'Line charge amount', anchor: 'invoice-lines' },
  'BT-146': { label: 'Unit price', anchor: 'invoice-lines' },
  'BT-149': { label: 'Price base quantity', anchor: 'invoice-lines' },
  'BT-151': { label: 'Line tax category', anchor: 'invoice-lines' },
  'BT-152': { label: 'Line tax rate', anchor: 'invoice-lines' },
  'BT-153': { label: 'Item name', anchor: 'invoice-lines' },
  'BG-4': { label: 'Supplier', anchor: 'party-supplier' },
  'BG-5': { label: 'Supplier address', anchor: 'party-supplier' },
  'BG-7': { label: 'Buyer', anchor: 'party-buyer' },
  'BG-8': { label: 'Buyer address', anchor: 'party-buyer' },
  'BG-22': { label: 'Totals', anchor: 'invoice-totals' },
  'BG-23': { label: 'Tax breakdown', anchor: 'tax-breakdown' },
  'BG-25': { label: 'Lines', anchor: 'invoice-lines' },
};

export type FieldRef = { term: string; label: string | null; anchor: string | null };

/** The business terms a rule's message names, in order, each once: "(BT-112)" → BT-112 Total with tax. */
export function fieldsOf(message: string): FieldRef[] {
  const seen = new Set<string>();
  const refs: FieldRef[] = [];
  for (const m of message.matchAll(/\b(B[TG])-(\d{1,3})\b/g)) {
    const term = `${m[1]}-${Number(m[2])}`;
    if (seen.has(term)) continue;
    seen.add(term);
    const field = FIELDS[term];
    refs.push({ term, label: field?.label ?? null, anchor: field?.anchor ?? null });
  }
  return refs;
}

/** The message without the rule id the rule sets repeat in front ("[BR-CO-15]-…"). */
export const plainMessage = (ruleId: string, message: string) => message.replace(new RegExp(`^\\[${ruleId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]\\s*-?\\s*`), '');
