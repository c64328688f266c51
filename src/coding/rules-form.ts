import * as v from 'valibot';

const optional = (max: number) => v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(max, `Use at most ${max} characters.`), v.transform((s) => s || null));

export const RuleFormSchema = v.pipe(
  v.object({
    kind: v.picklist(['fixed', 'last_invoice'], 'Choose what the rule does.'),
    supplier: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the supplier’s VAT id or name.'), v.maxLength(200, 'Use at most 200 characters.')),
    companyId: v.pipe(v.optional(v.string(), ''), v.check((s) => s === '' || /^\d{1,18}$/.test(s), 'Choose a company from the list.'), v.transform((s) => (s ? Number(s) : null))),
    lineText: optional(200),
    itemId: optional(100),
    glAccountCode: optional(50),
    costCentreCode: optional(50),
    taxCodeCode: optional(50),
    active: v.pipe(v.optional(v.string(), ''), v.transform((s) => s === 'on' || s === 'true')),
    // ticked when apdesk has seen no invoice from this supplier yet and the rule is meant for its first ones
    newSupplier: v.pipe(v.optional(v.string(), ''), v.transform((s) => s === 'on')),
    // the submit button pressed: save, or save and apply to the open invoices at once
    then: v.pipe(v.optional(v.string(), ''), v.transform((s) => (s === 'apply' ? ('apply' as const) : ('save' as const)))),
  }),
  v.forward(
    v.check((r) => r.kind !== 'fixed' || Boolean(r.glAccountCode || r.costCentreCode || r.taxCodeCode), 'Enter at least one code for the rule to set.'),
    ['glAccountCode'],
  ),
  v.forward(
    v.check((r) => r.kind !== 'last_invoice' || (!r.lineText && !r.itemId), '“Code from the last invoice” applies to whole invoices; leave line text and item id empty.'),
    ['lineText'],
  ),
);
export type RuleFormOutput = v.InferOutput<typeof RuleFormSchema>;
