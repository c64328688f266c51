/*
 * SFTP to an ERP's drop folder (ssh2-sftp-client).
 *
 * - The host must pass checkTarget (no loopback, link-local or private address unless
 *   ALLOW_PRIVATE_TARGETS), and we connect to the address it checked, not to the name again
 *   (a name could resolve elsewhere a moment later).
 * - The server's host key is pinned on first use: the first connection stores its SHA256
 *   fingerprint (OpenSSH's form, as `ssh-keygen -lf` prints it) and every later connection
 *   must present the same key, else it stops before sending the user's password or key.
 * - Each file is written as <name>.part and renamed when complete, so an ERP polling the
 *   folder never imports half a file. The CSV goes last: when it appears, the rest is there.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import SftpClient from 'ssh2-sftp-client';
import { checkTarget } from '../net/targets';
import type { SftpCredentials } from './settings';

export const fingerprintOf = (key: Buffer) => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

export type SftpProblem = { permanent: boolean; message: string };

export class SftpError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

export type SftpSession = { client: SftpClient; fingerprint: string; folder: string; where: string };

export async function openSftp(creds: SftpCredentials, opts: { allowPrivate: boolean; timeoutMs: number; onNewHostKey: (fingerprint: string) => Promise<void> }): Promise<SftpSession> {
  const checked = await checkTarget(creds.host, { allowPrivate: opts.allowPrivate });
  if (!checked.ok) throw new SftpError(checked.message, true);
  if (!creds.password && !creds.privateKey) throw new SftpError('No password or private key is stored for the SFTP user.', true);
  let seen: string | null = null;
  const client = new SftpClient('apdesk-export');
  // SFTP is many small request/answer round trips: without TCP_NODELAY each waits for the
  // peer's delayed ACK (~40 ms), and a three-file delivery took seconds on localhost.
  const ssh = (client as unknown as { client: import('ssh2').Client }).client;
  ssh.once('connect', () => ssh.setNoDelay(true));
  try {
    await client.connect({
      host: checked.target.address,
      port: creds.port,
      username: creds.username,
      ...(creds.privateKey ? { privateKey: creds.privateKey } : { password: creds.password! }),
      readyTimeout: opts.timeoutMs,
      retries: 0,
      hostVerifier: (key: Buffer) => {
        seen = fingerprintOf(key);
        return creds.hostKey === null || creds.hostKey === seen;
      },
    });
  } catch (error) {
    await client.end().catch(() => {});
    if (seen && creds.hostKey && seen !== creds.hostKey) {
      throw new SftpError(`The server's host key changed: it presented ${seen}, but ${creds.hostKey} is pinned. If the server was really replaced, clear the pinned key in Settings → Export.`, true);
    }
    throw new SftpError(`Could not connect to ${creds.host}:${creds.port}: ${describe(error)}`, /authentication/i.test(describe(error)));
  }
  if (creds.hostKey === null && seen) await opts.onNewHostKey(seen);
  return { client, fingerprint: seen ?? '', folder: creds.folder.replace(/\/+$/, '') || '.', where: `sftp://${creds.username}@${creds.host}:${creds.port}/${creds.folder.replace(/^\/+/, '')}` };
}

/** Writes one file as name.part, then renames it to name (replacing an earlier delivery of the same file). */
export async function putFile(session: SftpSession, name: string, body: Readable) {
  const final = `${session.folder}/${name}`;
  const part = `${final}.part`;
  try {
    await session.client.put(body, part);
    if (await session.client.exists(final)) await session.client.delete(final);
    await session.client.rename(part, final);
  } catch (error) {
    body.destroy();
    throw new SftpError(`Could not write ${final}: ${describe(error)}`, false);
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500);
