import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { InspectResult } from '../../../shared/api';
import type { AuthTrace, ChallengeView, CredentialStoreStatus, DecodedToken, RateLimitView } from '../../../shared/auth';
import { callLens } from '../api/client';
import { BreakableText } from './BreakableText';
import { ErrorNotice } from './ErrorNotice';
import { NameValueRow } from './NameValueRow';
import { DataTable } from './DataTable';

const OUTCOME_TEXT: Record<AuthTrace['verdict']['outcome'], string> = {
  'not-required': 'No authentication needed',
  anonymous: 'Anonymous',
  authenticated: 'Authenticated',
  failed: 'Authentication failed',
};

const CREDENTIAL_STATUS_KEY = ['credentialStatus'] as const;

/**
 * How one inspection authenticated, for triage: the verdict in plain words, the challenge as parsed,
 * which credential source was used (never the secret: the core does not send it here), the token's
 * decoded claims and the scopes asked beside the scopes granted. Credentials can be entered for the
 * registry; they go to the core once and never come back.
 */
export function AuthPanel({ result, onCredentialsChanged }: { result: InspectResult; onCredentialsChanged: () => void }) {
  const titleId = useId();
  const auth = result.auth;
  if (!auth) return null;
  const { verdict } = auth;
  return (
    <section className="pane auth" aria-labelledby={titleId}>
      <header className="pane-header">
        <h2 id={titleId}>Auth</h2>
        <strong className={verdict.outcome === 'failed' ? 'status status-bad' : 'status status-ok'}>
          {OUTCOME_TEXT[verdict.outcome]}
          {verdict.cause && ` (${verdict.cause})`}
        </strong>
        <span className="mono muted">{auth.registry}</span>
      </header>
      <p className="sentence">{verdict.explanation}</p>
      {verdict.outcome === 'not-required' ? null : (
        <TraceBody auth={auth} method={result.method} onCredentialsChanged={onCredentialsChanged} />
      )}
    </section>
  );
}

/** Everything past the verdict, for registries that asked for authentication. */
function TraceBody({ auth, method, onCredentialsChanged }: { auth: AuthTrace; method: 'GET' | 'HEAD'; onCredentialsChanged: () => void }) {
  return (
    <>
      <dl className="facts">
        <div className="wide">
          <dt>Challenge</dt>
          <dd className="mono">
            {auth.challenges.length > 0 ? <ChallengeText challenge={auth.challenges.at(-1)!} /> : <span className="muted">none</span>}
          </dd>
        </div>
        <div className="wide">
          <dt>Credentials</dt>
          <dd>
            {auth.credential ? (
              <>
                <strong>{auth.credential.username ?? 'identity token'}</strong> from <BreakableText text={auth.credential.label} />
                <span className="note">{auth.credential.kind === 'identity-token' ? 'identity token' : 'password'}</span>
              </>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Sent</dt>
          <dd className="mono">
            {auth.scheme ? `Authorization: ${auth.scheme === 'basic' ? 'Basic' : 'Bearer'} <redacted>` : 'no Authorization'}
          </dd>
        </div>
        {auth.rateLimit && (
          <div>
            <dt>Rate limit</dt>
            <dd>
              <RateLimitText rateLimit={auth.rateLimit} method={method} />
            </dd>
          </div>
        )}
      </dl>

      {(auth.scopes.asked.length > 0 || auth.scopes.granted) && (
        <div className="block">
          <h3>Scopes</h3>
          <table className="grid" aria-label="Scopes asked and granted">
            <tbody>
              <ScopeRow label="Asked" scopes={auth.scopes.asked} />
              <ScopeRow label="Granted" scopes={auth.scopes.granted} />
              {auth.scopes.missing.length > 0 && <ScopeRow label="Missing" scopes={auth.scopes.missing} bad />}
            </tbody>
          </table>
        </div>
      )}

      {auth.token && (
        <div className="block">
          <h3>Token</h3>
          <p className="muted">
            {auth.token.fromCache ? 'Reused' : 'Fetched for this request'}; answered as <code>{auth.token.field}</code>, expires_in{' '}
            {auth.token.expiresIn ?? 'absent (60 s assumed)'}, used until <span className="mono">{auth.token.expiresAt}</span>.
            {auth.token.claims && ' Claims decoded, not verified: only the registry holds the key.'}
          </p>
          {auth.token.claims ? (
            <ClaimsTable claims={auth.token.claims} />
          ) : (
            <p className="muted">Opaque token (not a JWT): no claims to show.</p>
          )}
        </div>
      )}

      <details>
        <summary>Challenges, token requests and sources checked</summary>
        <TraceDetails auth={auth} />
      </details>

      <CredentialsForm registry={auth.registry} onChanged={onCredentialsChanged} />
    </>
  );
}

function ChallengeText({ challenge }: { challenge: ChallengeView }) {
  const params = Object.entries(challenge.params).map(([k, v]) => `${k}="${v}"`);
  return (
    <BreakableText
      text={`${challenge.scheme === 'bearer' ? 'Bearer' : challenge.scheme === 'basic' ? 'Basic' : challenge.scheme} ${params.join(', ')}`}
    />
  );
}

function ScopeRow({ label, scopes, bad = false }: { label: string; scopes: string[] | null; bad?: boolean }) {
  return (
    <tr className={bad ? 'differs' : undefined}>
      <th scope="row">{label}</th>
      <td className="mono">
        {scopes === null ? (
          <span className="muted">unknown (opaque token)</span>
        ) : scopes.length > 0 ? (
          scopes.join(' ')
        ) : (
          <span className="muted">none</span>
        )}
      </td>
    </tr>
  );
}

function ClaimsTable({ claims }: { claims: DecodedToken }) {
  const rows: Array<[string, string | null]> = [
    ['iss', claims.iss],
    ['sub', claims.sub],
    ['aud', claims.aud.join(', ') || null],
    ['exp', claims.exp],
    ['iat', claims.iat],
    ['nbf', claims.nbf],
    ['jti', claims.jti],
    ['access', claims.access.map((a) => `${a.type}:${a.name}:${a.actions.join(',')}`).join(' ') || 'nothing granted'],
    ...Object.entries(claims.header).map(([k, v]): [string, string] => [`header ${k}`, v]),
  ];
  return (
    <table className="grid" aria-label="Token claims">
      <tbody>
        {rows.map(([name, value]) => (
          <NameValueRow key={name} name={name}>
            {value === null ? (
              <span className="muted">absent</span>
            ) : value === '' ? (
              <span className="muted">empty (anonymous)</span>
            ) : (
              value
            )}
          </NameValueRow>
        ))}
      </tbody>
    </table>
  );
}

function RateLimitText({ rateLimit, method }: { rateLimit: RateLimitView; method: 'GET' | 'HEAD' }) {
  const quota = (q: RateLimitView['limit']) =>
    q ? `${q.count}${q.windowSeconds === null ? '' : ` per ${Math.round(q.windowSeconds / 3600)} h`}` : '?';
  return (
    <>
      {quota(rateLimit.remaining)} left of {quota(rateLimit.limit)}
      {rateLimit.source && <> for {rateLimit.source}</>}
      {method === 'GET' && <span className="note">This GET counted; a HEAD (HEAD only) would not.</span>}
    </>
  );
}

function TraceDetails({ auth }: { auth: AuthTrace }) {
  return (
    <>
      <DataTable label="Challenges" columns={['Challenge as parsed', 'When']}>
        {auth.challenges.map((c, i) => (
          <tr key={i}>
            <td className="mono">
              <ChallengeText challenge={c} />
            </td>
            <td>{c.remembered ? 'remembered from an earlier answer' : 'received'}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable label="Token requests" columns={['Request', 'Grant', 'Fields sent', 'Status']}>
        {auth.tokenRequests.map((r, i) => (
          <tr key={i}>
            <td className="mono wrap">
              {r.method} {r.realm}
            </td>
            <td>{r.grant}</td>
            <td className="mono wrap">{r.fields.map(([k, v]) => `${k}=${v}`).join(' ')}</td>
            <td className={r.status === 200 ? 'status-ok' : 'status-bad'}>{r.status ?? r.error ?? 'no answer'}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable label="Credential sources checked" columns={['Source, in order', 'Outcome']}>
        {auth.lookups.map((l, i) => (
          <tr key={i}>
            <td className="mono wrap">{l.label}</td>
            <td>
              {l.outcome}
              {l.note && <span className="note">{l.note}</span>}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** Credentials for this registry, kept by the core: the password field is cleared once it is sent. */
function CredentialsForm({ registry, onChanged }: { registry: string; onChanged: () => void }) {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: CREDENTIAL_STATUS_KEY, queryFn: () => callLens('credentialStatus', {}) });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const changed = (next: CredentialStoreStatus) => {
    queryClient.setQueryData(CREDENTIAL_STATUS_KEY, next);
    setPassword('');
    onChanged();
  };
  const save = useMutation({
    mutationFn: () => callLens('setCredentials', { registry, username, password, remember }),
    onSuccess: changed,
  });
  const forget = useMutation({ mutationFn: () => callLens('forgetCredentials', { registry }), onSuccess: changed });
  const canRemember = status.data?.protection === 'keychain';
  const entry = status.data?.entries.find((e) => e.registry === registry);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (username && password) save.mutate();
  };
  return (
    <form className="block" aria-label={`Credentials for ${registry}`} onSubmit={submit}>
      <h3>Credentials for {registry}</h3>
      {entry && (
        <p>
          Entered in the app: <strong>{entry.username}</strong> ({entry.remembered ? 'remembered, encrypted' : 'this session only'}){' '}
          <button type="button" onClick={() => forget.mutate()} disabled={forget.isPending}>
            Forget
          </button>
        </p>
      )}
      <label className="field">
        Username
        <input type="text" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label className="field">
        Password or token
        <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label className="check-row">
        <input type="checkbox" checked={remember && canRemember} disabled={!canRemember} onChange={(e) => setRemember(e.target.checked)} />
        Remember (encrypted by the OS keychain)
      </label>
      {status.data && <p className="note">{status.data.note}</p>}
      <button type="submit" className="primary" disabled={!username || !password || save.isPending}>
        Use and inspect again
      </button>
      {save.error && <ErrorNotice error={save.error} />}
      {forget.error && <ErrorNotice error={forget.error} />}
    </form>
  );
}
