/**
 * Credentials entered in the app (or given to the CLI with --username/--password-stdin). They come first
 * in the precedence order, as credentials a user typed for this run should.
 *
 * "Remember" encrypts them with the OS keychain through an injected SecretCipher: Electron's safeStorage
 * in the desktop app (only main.ts may import electron), nothing in the CLI and the browser mode. On
 * Linux without a keyring, Electron falls back to its basic_text backend, which is obfuscation with a
 * hard-coded key, not protection: then we refuse to remember and keep credentials for the session only.
 */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CredentialStoreStatus } from '../../../../shared/auth';
import { LensError } from '../../errors';
import { readRegularFile } from '../../regularFile';
import { useOf, type Credential, type ResolvedCredential } from './types';
import { normalizeAuthKey } from './hubKeys';

/** What main.ts hands the core: safeStorage's four calls, nothing of Electron itself. */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  /** Electron's chosen backend on Linux (gnome_libsecret, kwallet5, basic_text, ...); null elsewhere. */
  backend(): string | null;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

export interface AppStoreOptions {
  cipher?: SecretCipher;
  /** Where remembered (encrypted) credentials are kept; required for remembering. */
  file?: string;
}

const WEAK_BACKENDS = new Set(['basic_text']);
/** A few hundred bytes per remembered registry; anything larger is not this file. */
const STORE_FILE_LIMIT = 4 * 1024 * 1024;

const StoredCredential = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), username: z.string().min(1), password: z.string().min(1) }),
  z.object({ kind: z.literal('identity-token'), username: z.string().nullable(), token: z.string().min(1) }),
]);
const StoreFile = z.object({ version: z.literal(1), registries: z.record(z.string(), z.string()) });

export class AppCredentialStore {
  private readonly session = new Map<string, Credential>();
  private remembered: Map<string, Credential> | null = null;

  constructor(private readonly options: AppStoreOptions = {}) {}

  async get(host: string): Promise<ResolvedCredential | null> {
    const registry = normalizeAuthKey(host);
    const typed = this.session.get(registry);
    if (typed) return useOf(typed, 'session', 'this session (entered, not saved)');
    const saved = (await this.load()).get(registry);
    return saved ? useOf(saved, 'app', 'Manifest Lens (saved, encrypted by the OS keychain)') : null;
  }

  async set(host: string, credential: Credential, remember: boolean): Promise<void> {
    const registry = normalizeAuthKey(host);
    if (!remember) {
      this.session.set(registry, credential);
      return;
    }
    const status = this.protection();
    if (status.protection !== 'keychain' || !this.options.file) throw new LensError('USAGE', status.note);
    this.session.delete(registry);
    const saved = await this.load();
    saved.set(registry, credential);
    await this.save(saved);
  }

  async forget(host: string): Promise<void> {
    const registry = normalizeAuthKey(host);
    this.session.delete(registry);
    const saved = await this.load();
    if (saved.delete(registry)) await this.save(saved);
  }

  async status(): Promise<CredentialStoreStatus> {
    const saved = await this.load();
    const entries = [
      ...[...this.session].map(([registry, c]) => ({ registry, username: c.username ?? '<token>', remembered: false })),
      ...[...saved]
        .filter(([registry]) => !this.session.has(registry))
        .map(([registry, c]) => ({ registry, username: c.username ?? '<token>', remembered: true })),
    ];
    return { ...this.protection(), entries: entries.sort((a, b) => a.registry.localeCompare(b.registry)) };
  }

  private protection(): Omit<CredentialStoreStatus, 'entries'> {
    const { cipher, file } = this.options;
    if (!cipher || !file || !cipher.isEncryptionAvailable()) {
      return {
        protection: 'none',
        backend: null,
        note: 'This mode cannot encrypt credentials, so they are kept for this session only.',
      };
    }
    const backend = cipher.backend();
    if (backend && WEAK_BACKENDS.has(backend)) {
      return {
        protection: 'weak',
        backend,
        note: `No OS keyring is available (Electron's ${backend} backend only obfuscates), so credentials are kept for this session only.`,
      };
    }
    return { protection: 'keychain', backend, note: 'Remembered credentials are encrypted by the OS keychain.' };
  }

  /** Reads the remembered credentials once; an unreadable file or entry counts as nothing remembered. */
  private async load(): Promise<Map<string, Credential>> {
    if (this.remembered) return this.remembered;
    const entries = new Map<string, Credential>();
    const { cipher, file } = this.options;
    if (cipher && file && cipher.isEncryptionAvailable()) {
      // The app's own file, but it lives where another program could put a FIFO: read it as a regular file only.
      const text = await readRegularFile(file, STORE_FILE_LIMIT, 'credential store')
        .then((bytes) => bytes.toString('utf8'))
        .catch(() => null);
      const parsed = text === null ? null : StoreFile.safeParse(safeJson(text));
      for (const [registry, sealed] of Object.entries(parsed?.success ? parsed.data.registries : {})) {
        try {
          entries.set(registry, StoredCredential.parse(JSON.parse(cipher.decryptString(Buffer.from(sealed, 'base64')))));
        } catch {
          // Encrypted under another user or keyring: it cannot be used, so it is as if absent.
        }
      }
    }
    this.remembered = entries;
    return entries;
  }

  private async save(entries: Map<string, Credential>): Promise<void> {
    const { cipher, file } = this.options;
    if (!cipher || !file) return;
    const registries = Object.fromEntries(
      [...entries].map(([registry, c]) => [registry, cipher.encryptString(JSON.stringify(c)).toString('base64')]),
    );
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ version: 1, registries }), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, file);
    this.remembered = entries;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
