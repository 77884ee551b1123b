/**
 * The app's credential store with a stand-in for Electron's safeStorage: a real AES-256-GCM cipher
 * behind the same four calls (the core never sees more of safeStorage than this interface).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppCredentialStore, type SecretCipher } from './appStore';

function aesCipher(backend: string | null, key = randomBytes(32)): SecretCipher {
  return {
    isEncryptionAvailable: () => true,
    backend: () => backend,
    encryptString(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('AppCredentialStore', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lens-appstore-'));
    file = join(dir, 'userData', 'credentials.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const password = 'remembered-secret-9c1e';

  it('remembers credentials encrypted, in a file only the user can read, and reads them back', async () => {
    const cipher = aesCipher('gnome_libsecret');
    const store = new AppCredentialStore({ cipher, file });
    expect((await store.status()).protection).toBe('keychain');
    await store.set('registry-1.docker.io', { kind: 'password', username: 'alice', password }, true);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(password);
    expect(text).not.toContain('alice');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const reopened = new AppCredentialStore({ cipher, file });
    expect(await reopened.get('docker.io')).toMatchObject({ credential: { password }, use: { source: 'app', username: 'alice' } });
    expect(await reopened.status()).toMatchObject({ entries: [{ registry: 'docker.io', username: 'alice', remembered: true }] });
    await reopened.forget('docker.io');
    expect(await new AppCredentialStore({ cipher, file }).get('docker.io')).toBeNull();
  });

  it("refuses to remember with Linux's basic_text backend, saying why, and keeps nothing on disk", async () => {
    const store = new AppCredentialStore({ cipher: aesCipher('basic_text'), file });
    const status = await store.status();
    expect(status).toMatchObject({ protection: 'weak', backend: 'basic_text' });
    expect(status.note).toMatch(/only obfuscates.*session only/);
    await expect(store.set('reg:5000', { kind: 'password', username: 'a', password }, true)).rejects.toThrow(/session only/);
    await expect(stat(file)).rejects.toThrow();
    await store.set('reg:5000', { kind: 'password', username: 'a', password }, false);
    expect((await store.get('reg:5000'))?.use.source).toBe('session');
  });

  it('without a cipher (CLI, browser mode): session only', async () => {
    const store = new AppCredentialStore();
    expect(await store.status()).toMatchObject({ protection: 'none', entries: [] });
    await expect(store.set('reg:5000', { kind: 'password', username: 'a', password }, true)).rejects.toThrow(/session only/);
  });

  it('session credentials shadow remembered ones; entries never carry the secret', async () => {
    const cipher = aesCipher(null);
    const store = new AppCredentialStore({ cipher, file });
    await store.set('reg:5000', { kind: 'password', username: 'saved', password }, true);
    await store.set('reg:5000', { kind: 'password', username: 'typed', password: 'typed-secret-41' }, false);
    expect((await store.get('reg:5000'))?.use).toMatchObject({ source: 'session', username: 'typed' });
    const status = await store.status();
    expect(status.entries).toEqual([{ registry: 'reg:5000', username: 'typed', remembered: false }]);
    expect(JSON.stringify(status)).not.toMatch(/secret/);
  });

  it('an entry encrypted under another key is treated as absent', async () => {
    await new AppCredentialStore({ cipher: aesCipher(null), file }).set('reg:5000', { kind: 'password', username: 'a', password }, true);
    expect(await new AppCredentialStore({ cipher: aesCipher(null), file }).get('reg:5000')).toBeNull();
  });
});
