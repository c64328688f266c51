/* Outgoing targets: private addresses refused (also behind names and IPv4-mapped IPv6), the checked address pinned. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { checkTarget, isPrivateAddress, pinnedLookup } from '../../src/net/targets';

describe('checkTarget', () => {
  it('knows private, loopback, link-local and reserved addresses from public ones', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', 'not-an-ip']) {
      assert.equal(isPrivateAddress(a), true, a);
    }
    for (const a of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
  });

  it('refuses a name resolving to a private address (any of them), unless private targets are allowed', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.example' ? [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.5', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    const refused = await checkTarget('mixed.example', { allowPrivate: false, resolve });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : '', /resolves to 10\.0\.0\.5, a loopback, link-local or private address/);
    assert.equal((await checkTarget('localhost', { allowPrivate: false })).ok, false, 'the real resolver: localhost');
    assert.equal((await checkTarget('[::1]', { allowPrivate: false })).ok, false);
    const allowed = await checkTarget('erp.example', { allowPrivate: true, resolve });
    assert.deepEqual(allowed, { ok: true, target: { host: 'erp.example', address: '127.0.0.1', family: 4 } });
    const missing = await checkTarget('nothing.invalid', { allowPrivate: true, resolve: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })) });
    assert.deepEqual(missing, { ok: false, message: 'nothing.invalid does not resolve to an address (DNS).' });
    assert.equal((await checkTarget('a b', { allowPrivate: true })).ok, false);
  });

  it('pins the checked address: the request goes there whatever the name resolves to later', async () => {
    const server = createServer((req, res) => res.end(`host=${req.headers.host}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const checked = await checkTarget('rebind.invalid', { allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      assert.ok(checked.ok);
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: 'rebind.invalid', port, path: '/', lookup: pinnedLookup(checked.target) }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d)).on('end', () => resolve(text));
        });
        req.on('error', reject).end();
      });
      assert.equal(body, `host=rebind.invalid:${port}`);
    } finally {
      server.close();
    }
  });
});
