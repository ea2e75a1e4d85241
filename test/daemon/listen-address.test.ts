import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reachableUrl } from '../../src/daemon/listen-address.ts';

describe('reachableUrl: the URL the console prints', () => {
  it('prints localhost for a server bound to every interface (0.0.0.0 or ::, in any spelling)', () => {
    for (const host of ['0.0.0.0', '::', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0']) {
      assert.equal(reachableUrl(host, 9650), 'http://localhost:9650/', host);
    }
  });

  it('prints any other address as bound, IPv6 in brackets', () => {
    assert.equal(reachableUrl('127.0.0.1', 9650), 'http://127.0.0.1:9650/');
    assert.equal(reachableUrl('192.168.4.20', 80), 'http://192.168.4.20:80/');
    assert.equal(reachableUrl('::1', 9650), 'http://[::1]:9650/');
    assert.equal(reachableUrl('fe80::1', 9650), 'http://[fe80::1]:9650/');
  });

  it('keeps https when the web config sets up TLS', () => {
    assert.equal(reachableUrl('0.0.0.0', 9650, 'https'), 'https://localhost:9650/');
  });
});
