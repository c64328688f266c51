/* Links from the dashboard into My Invoices with the matching filters (the list's URL parameters). */
export const invoicesLink = (filters: Record<string, string>) => `/invoices?${new URLSearchParams(filters)}`;

export const linkForStatus = (status: string) => invoicesLink({ status });
export const linkForGroup = (groupId: number | null) => invoicesLink({ group: groupId === null ? 'unassigned' : String(groupId) });
export const linkForDay = (day: string) => invoicesLink({ receivedFrom: day, receivedTo: day });
