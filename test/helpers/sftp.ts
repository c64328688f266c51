/*
 * A real SFTP server for tests (the ssh2 package's server) on 127.0.0.1, serving a temporary
 * directory: password or public-key login, and the requests an SFTP client needs to write,
 * read, list, rename and delete files. The test reads what arrived from `root` on disk.
 * `replaceHostKey()` makes the server present another host key, as a replaced server would.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import ssh2 from 'ssh2';

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export type TestSftpServer = {
  host: string;
  port: number;
  root: string;
  username: string;
  password: string;
  /** An OpenSSH private key the server accepts for `username`. */
  clientKey: string;
  /** How many logins succeeded. */
  logins(): number;
  replaceHostKey(): Promise<void>;
  close(): Promise<void>;
};

const attrsOf = (s: Stats) => ({ mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: Math.floor(s.atimeMs / 1000), mtime: Math.floor(s.mtimeMs / 1000) });

export async function startSftpServer(opts: { username?: string; password?: string } = {}): Promise<TestSftpServer> {
  const root = mkdtempSync(path.join(tmpdir(), 'apdesk-sftp-'));
  const username = opts.username ?? 'erp';
  const password = opts.password ?? 'drop-folder-secret';
  const clientPair = utils.generateKeyPairSync('ed25519');
  const allowedKey = utils.parseKey(clientPair.public);
  if (allowedKey instanceof Error) throw allowedKey;
  let hostKey = utils.generateKeyPairSync('ed25519').private;
  let logins = 0;
  const local = (p: string) => path.join(root, path.posix.normalize(`/${p}`));

  const clients = new Set<ssh2.Connection>();
  const onClient = (client: ssh2.Connection) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('authentication', (ctx) => {
      const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
      if (ctx.username !== username) return ctx.reject();
      if (ctx.method === 'password' && same(ctx.password, password)) return ctx.accept();
      if (ctx.method === 'publickey' && ctx.key.algo === allowedKey.type && ctx.key.data.equals(allowedKey.getPublicSSH())) {
        if (!ctx.signature) return ctx.accept(); // the client asks whether this key would do
        if (ctx.blob && allowedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      logins += 1;
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd?: number; dir?: string; listed?: boolean }>();
          let next = 1;
          const handle = (h: Buffer) => handles.get(h.readUInt32BE(0));
          const newHandle = (value: { fd?: number; dir?: string }) => {
            const id = next++;
            handles.set(id, value);
            const b = Buffer.alloc(4);
            b.writeUInt32BE(id, 0);
            return b;
          };
          const fail = (reqid: number, error: unknown) => sftp.status(reqid, (error as NodeJS.ErrnoException).code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE);
          const run = (reqid: number, fn: () => void) => { try { fn(); } catch (error) { fail(reqid, error); } };
          sftp.on('REALPATH', (reqid, p) => sftp.name(reqid, [{ filename: path.posix.normalize(`/${p}`), longname: '', attrs: {} as never }]));
          sftp.on('STAT', (reqid, p) => run(reqid, () => sftp.attrs(reqid, attrsOf(statSync(local(p))))));
          sftp.on('LSTAT', (reqid, p) => run(reqid, () => sftp.attrs(reqid, attrsOf(lstatSync(local(p))))));
          sftp.on('FSTAT', (reqid, h) => run(reqid, () => sftp.attrs(reqid, attrsOf(fstatSync(handle(h)!.fd!)))));
          sftp.on('OPEN', (reqid, filename, flags) => run(reqid, () => {
            let mode = flags & OPEN_MODE.WRITE ? (flags & OPEN_MODE.READ ? constants.O_RDWR : constants.O_WRONLY) : constants.O_RDONLY;
            if (flags & OPEN_MODE.CREAT) mode |= constants.O_CREAT;
            if (flags & OPEN_MODE.TRUNC) mode |= constants.O_TRUNC;
            if (flags & OPEN_MODE.APPEND) mode |= constants.O_APPEND;
            if (flags & OPEN_MODE.EXCL) mode |= constants.O_EXCL;
            sftp.handle(reqid, newHandle({ fd: openSync(local(filename), mode, 0o644) }));
          }));
          sftp.on('WRITE', (reqid, h, offset, data) => run(reqid, () => {
            writeSync(handle(h)!.fd!, data, 0, data.length, offset);
            sftp.status(reqid, STATUS_CODE.OK);
          }));
          sftp.on('READ', (reqid, h, offset, length) => run(reqid, () => {
            const buffer = Buffer.alloc(length);
            const n = readSync(handle(h)!.fd!, buffer, 0, length, offset);
            if (n === 0) sftp.status(reqid, STATUS_CODE.EOF);
            else sftp.data(reqid, buffer.subarray(0, n));
          }));
          sftp.on('CLOSE', (reqid, h) => run(reqid, () => {
            const entry = handle(h);
            if (entry?.fd !== undefined) closeSync(entry.fd);
            handles.delete(h.readUInt32BE(0));
            sftp.status(reqid, STATUS_CODE.OK);
          }));
          sftp.on('OPENDIR', (reqid, p) => run(reqid, () => {
            if (!statSync(local(p)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOENT' });
            sftp.handle(reqid, newHandle({ dir: local(p) }));
          }));
          sftp.on('READDIR', (reqid, h) => run(reqid, () => {
            const entry = handle(h)!;
            if (entry.listed) return sftp.status(reqid, STATUS_CODE.EOF);
            entry.listed = true;
            sftp.name(reqid, readdirSync(entry.dir!).map((name) => {
              const s = lstatSync(path.join(entry.dir!, name));
              return { filename: name, longname: `${s.isDirectory() ? 'd' : '-'}rw-r--r-- 1 erp erp ${s.size} Jan 1 00:00 ${name}`, attrs: attrsOf(s) };
            }));
          }));
          sftp.on('REMOVE', (reqid, p) => run(reqid, () => { unlinkSync(local(p)); sftp.status(reqid, STATUS_CODE.OK); }));
          sftp.on('MKDIR', (reqid, p) => run(reqid, () => { mkdirSync(local(p)); sftp.status(reqid, STATUS_CODE.OK); }));
          sftp.on('RENAME', (reqid, from, to) => run(reqid, () => {
            // SFTP v3 (RFC draft 02): renaming onto an existing file fails.
            try { statSync(local(to)); return sftp.status(reqid, STATUS_CODE.FAILURE, 'target exists'); } catch { /* free */ }
            renameSync(local(from), local(to));
            sftp.status(reqid, STATUS_CODE.OK);
          }));
        });
      });
    });
  };
  const listen = (port: number) => new Promise<ssh2.Server>((resolve) => {
    const s = new Server({ hostKeys: [hostKey] }, onClient);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
  // close() waits for open connections: end them (a refused client may leave its half open).
  const stop = (s: ssh2.Server) => new Promise<void>((resolve) => {
    s.close(() => resolve());
    for (const c of clients) c.end();
  });
  let server = await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1', port, root, username, password, clientKey: clientPair.private,
    logins: () => logins,
    /** The same address with a new host key, as a replaced (or impersonated) server. */
    async replaceHostKey() {
      await stop(server);
      hostKey = utils.generateKeyPairSync('ed25519').private;
      server = await listen(port);
    },
    async close() {
      await stop(server);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
