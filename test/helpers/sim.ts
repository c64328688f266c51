/* Calls to the Pagero sandbox's /_sim test controls. */
export async function sim<T = unknown>(sandboxUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxUrl}/_sim${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`/_sim${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export type SimStats = { token: Record<string, { requests: number; succeeded: number; failed: number }>; api: { requests: number; unauthorized: number } };

export const refreshCount = async (sandboxUrl: string) => (await sim<SimStats>(sandboxUrl, '/stats')).token.refresh_token?.requests ?? 0;
