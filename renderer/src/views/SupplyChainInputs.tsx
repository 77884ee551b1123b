import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { KEY_FILE_LIMIT, keyTooLarge, publicKeyFrom, TRUSTED_ROOT_LIMIT, type VerificationInputs } from '../lib/verificationInputs';
import { MachineTextInput } from '../components/MachineTextInput';

/**
 * What the supply chain is verified with: public key files (or a pasted key), a trusted root file, and
 * the identity and issuer a keyless signer must have. Files are read here, as text: the page knows no
 * path, and the core takes the text. A private key is refused before anything is sent.
 */
export function SupplyChainInputs({ value, onChange }: { value: VerificationInputs; onChange: (next: VerificationInputs) => void }) {
  const ids = useId();
  const [refusals, setRefusals] = useState<string[]>([]);
  const [pasted, setPasted] = useState('');
  const [identity, setIdentity] = useState(value.certificateIdentity);
  const [issuer, setIssuer] = useState(value.certificateOidcIssuer);

  /** Adds the keys found (once each: the same text twice is one key); true when none was refused. */
  const addKeys = (found: ReadonlyArray<{ name: string; text: string }>, refused: string[] = []): boolean => {
    const keys = [...value.keys];
    for (const { name, text } of found) {
      const key = publicKeyFrom(name, text);
      if ('refused' in key) refused.push(key.refused);
      else if (!keys.some((k) => k.pem === key.pem)) keys.push(key);
    }
    setRefusals(refused);
    if (keys.length !== value.keys.length) onChange({ ...value, keys });
    return refused.length === 0;
  };
  const onKeyFiles = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.currentTarget.files ?? [])];
    // The same file picked again must fire a change.
    e.currentTarget.value = '';
    const tooLarge = files.filter((f) => f.size > KEY_FILE_LIMIT).map((f) => keyTooLarge(f.name));
    const read = await Promise.all(
      files.filter((f) => f.size <= KEY_FILE_LIMIT).map(async (f) => ({ name: f.name, text: await f.text() })),
    );
    addKeys(read, tooLarge);
  };
  const onPaste = (e: FormEvent) => {
    e.preventDefault();
    const count = value.keys.filter((k) => k.name.startsWith('pasted key ')).length;
    if (addKeys([{ name: `pasted key ${count + 1}`, text: pasted }])) setPasted('');
  };
  const onRootFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    e.currentTarget.value = '';
    if (!file) return;
    if (file.size > TRUSTED_ROOT_LIMIT) return setRefusals([`${file.name} is larger than 4 MiB; a trusted root is a few KiB.`]);
    setRefusals([]);
    onChange({ ...value, trustedRoot: { name: file.name, text: await file.text() } });
  };
  const onPolicy = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...value, certificateIdentity: identity, certificateOidcIssuer: issuer });
  };

  return (
    <div className="supply-inputs">
      <fieldset className="supply-input-group">
        <legend>Public keys</legend>
        <ChosenFiles
          names={value.keys.map((k) => k.name)}
          what="key"
          onRemove={(i) => onChange({ ...value, keys: value.keys.filter((_, at) => at !== i) })}
        />
        <label className="file-pick">
          Add public key files (PEM)
          <input type="file" accept=".pub,.pem,text/plain" multiple onChange={(e) => void onKeyFiles(e)} />
        </label>
        <details>
          <summary>Paste a key</summary>
          <form className="paste-key" onSubmit={onPaste}>
            <label htmlFor={`${ids}-paste`}>Public key (PEM)</label>
            <textarea
              id={`${ids}-paste`}
              className="mono"
              rows={4}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              placeholder="-----BEGIN PUBLIC KEY-----"
              spellCheck={false}
            />
            <button type="submit" className="small" disabled={pasted.trim() === ''}>
              Add pasted key
            </button>
          </form>
        </details>
      </fieldset>
      <fieldset className="supply-input-group">
        <legend>Keyless (sigstore bundles)</legend>
        <ChosenFiles
          names={value.trustedRoot ? [value.trustedRoot.name] : []}
          what="trusted root"
          onRemove={() => onChange({ ...value, trustedRoot: null })}
        />
        <label className="file-pick">
          {value.trustedRoot ? 'Replace the trusted root' : 'Trusted root (trusted_root.json)'}
          <input type="file" accept=".json,application/json" onChange={(e) => void onRootFile(e)} />
        </label>
        <form className="policy-form" onSubmit={onPolicy}>
          <label>
            Certificate identity
            <MachineTextInput
              value={identity}
              onValue={setIdentity}
              placeholder="https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main"
            />
          </label>
          <label>
            OIDC issuer
            <MachineTextInput value={issuer} onValue={setIssuer} placeholder="https://token.actions.githubusercontent.com" />
          </label>
          <button
            type="submit"
            className="small"
            disabled={identity === value.certificateIdentity && issuer === value.certificateOidcIssuer}
          >
            Apply policy
          </button>
        </form>
      </fieldset>
      {refusals.length > 0 && (
        <div className="notice error" role="alert">
          {refusals.map((r) => (
            <p key={r} className="sentence">
              {r}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

function ChosenFiles({ names, what, onRemove }: { names: readonly string[]; what: string; onRemove: (index: number) => void }) {
  if (names.length === 0) return <p className="muted small-text">No {what} given.</p>;
  return (
    <ul className="chosen-files" aria-label={what === 'key' ? 'Keys given' : 'Trusted root given'}>
      {names.map((name, i) => (
        <li key={`${i}-${name}`}>
          <span className="mono">{name}</span>
          <button type="button" className="small" aria-label={`Remove ${what} ${name}`} onClick={() => onRemove(i)}>
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
