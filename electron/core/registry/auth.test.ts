/**
 * The Authenticator's refusals that happen before anything is sent: they need no server, and a test
 * with one could not show "nothing was sent" better than a transport that was never used.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Authenticator } from './auth';
import { AuthSession } from './authTrace';
import { parseChallenges } from './challenge';
import { AppCredentialStore } from './credentials/appStore';
import { KnownSecrets } from './credentials/knownSecrets';
import { CredentialResolver, defaultCredentialEnvironment } from './credentials/resolve';
import { Transport } from './transport';

describe('Authenticator', () => {
  const transport = new Transport({ timeoutMs: 1_000 });
  afterAll(() => transport.close());
  const exchanges: unknown[] = [];

  const withCredentials = async () => {
    const app = new AppCredentialStore();
    await app.set('registry.example', { kind: 'password', username: 'alice', password: 'pw-that-must-stay' }, false);
    const environment = defaultCredentialEnvironment({ env: {}, home: '/nonexistent', uid: null });
    return new Authenticator({ credentials: new CredentialResolver(app, environment, new KnownSecrets()) });
  };
  const ctx = (insecureHosts: string[] = []) => ({
    transport,
    listener: (e: unknown) => exchanges.push(e),
    session: new AuthSession('registry.example'),
    host: 'registry.example',
    repository: 'a/b',
    insecureHosts,
  });

  it.each(['file:///etc/passwd', 'ftp://auth.example/token', 'javascript:alert(1)', 'not a url'])('refuses the realm %s', async (realm) => {
    const auth = new Authenticator();
    await expect(
      auth.authorize(parseChallenges(`Bearer realm="${realm}",service="s"`), ['repository:a/b:pull'], ctx()),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      authCause: 'refused-realm',
    });
    expect(exchanges).toEqual([]);
  });

  it('will not send credentials to a token realm over plain HTTP on another machine', async () => {
    const auth = await withCredentials();
    await expect(auth.authorize(parseChallenges('Bearer realm="http://auth.example/token",service="s"'), [], ctx())).rejects.toThrow(
      /Refusing to send the credentials from this session \(entered, not saved\) to auth\.example over plain HTTP/,
    );
    expect(exchanges).toEqual([]);
  });

  it('answers Basic only with a password, and nothing else without credentials', async () => {
    expect(await new Authenticator().authorize(parseChallenges('Basic realm="r"'), [], ctx())).toBeNull();
    const basic = await (await withCredentials()).authorize(parseChallenges('Basic realm="r"'), [], ctx());
    expect(basic).toMatchObject({ scheme: 'basic', header: `Basic ${Buffer.from('alice:pw-that-must-stay').toString('base64')}` });
    expect(await new Authenticator().authorize(parseChallenges('Negotiate abc=='), [], ctx())).toBeNull();
  });
});
