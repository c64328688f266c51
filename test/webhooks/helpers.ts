/* A real webhook receiver (node:http) that verifies every request with the standardwebhooks package. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type Received = { headers: IncomingHttpHeaders; body: string; verified: boolean; payload: any; answered: number };

export async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  let secret = '';
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let verified = false;
      let payload: unknown = null;
      try {
        payload = new Webhook(secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const status = answers.shift() ?? 200;
      received.push({ headers: req.headers, body, verified, payload, answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `receiver says ${status}` : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/apdesk`,
    received,
    /** The statuses the next requests get, in order (then 200). */
    answerWith: (...statuses: number[]) => answers.push(...statuses),
    setSecret: (s: string) => (secret = s),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
