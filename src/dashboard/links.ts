/* Links from the dashboard into My Invoices with the matching filters (the list's URL parameters). */
export const invoicesLink = (filters: Record<string, string>) => `/invoices?${new URLSearchParams(filters)}`;

export const linkForStatus = (status: string) => invoicesLink({ status });
export const linkForGroup = (groupId: number | null) => invoicesLink({ group: groupId === null ? 'none' : String(groupId) });
export const linkForDay = (day: string) => invoicesLink({ issued_from: day, issued_to: day });
