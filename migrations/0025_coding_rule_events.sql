/*
 * Coding rules reach invoices already open (issue 18): "Apply to open invoices now" writes one
 * history event per invoice it coded, action 'coding', with the admin who asked as the actor and
 * what was coded as the reason ("Coding rule #5 applied to open invoices: 3 lines coded").
 */
alter table invoice_events drop constraint invoice_events_action_known;
alter table invoice_events add constraint invoice_events_action_known check (action in ('status', 'note', 'export_result', 'paid', 'approval', 'coding'));
