import { useId } from 'react';
import type { InspectResult } from '../../../shared/api';
import { formatByMediaType } from '../../../shared/mediaTypes';
import { BodyView } from '../components/BodyView';
import { BreakableText } from '../components/BreakableText';
import { CopyButton } from '../components/CopyButton';
import { DigestCheckTable } from '../components/DigestCheckTable';
import { HeaderTable } from '../components/HeaderTable';
import { NotFoundHelp } from '../components/NotFoundHelp';
import { RegistryErrors } from '../components/RegistryErrors';
import { ShortDigest } from '../components/ShortDigest';
import { SignatureLine } from '../components/SignatureLine';
import { answeredSize, formatBytes, formatDuration } from '../lib/format';

/** The manifest exactly as the registry served it: status, facts, digest check, headers and body. */
export function AsServedPane({ result }: { result: InspectResult }) {
  const titleId = useId();
  const { response, digestCheck, contentType } = result;
  const ok = response.status < 400;
  const format = contentType ? formatByMediaType(contentType) : undefined;
  // What the bytes hash to; for HEAD (no bytes) what the registry says.
  const digest = digestCheck.computed ?? digestCheck.header;
  const size = answeredSize(response);
  return (
    <section className="pane as-served" aria-labelledby={titleId}>
      <header className="pane-header">
        <h2 id={titleId}>As served</h2>
        <span className="method">{result.method}</span>
        <strong className={ok ? 'status status-ok' : 'status status-bad'}>
          {response.status} {response.statusText}
        </strong>
        <span className="mono muted reference" title={result.reference.input}>
          {result.reference.canonical}
        </span>
      </header>

      <dl className="facts">
        <div>
          <dt>Content type</dt>
          <dd className="mono">
            {contentType ? <BreakableText text={contentType} /> : <span className="muted">none</span>}
            {format && <span className="note">{format.title}</span>}
          </dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {size === null ? <span className="muted">unknown</span> : formatBytes(size)}
            {response.method === 'HEAD' && <span className="note">Content-Length; HEAD carries no body</span>}
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatDuration(response.durationMs)}</dd>
        </div>
        <div>
          <dt>Digest</dt>
          <dd className="digest-line">
            {digest ? (
              <>
                <ShortDigest digest={digest} />
                <CopyButton text={digest} label="Copy the served digest" />
              </>
            ) : (
              <span className="muted">unknown</span>
            )}
          </dd>
        </div>
        <div className="wide">
          <dt>Accept sent</dt>
          <dd className="mono">
            {result.accept.length === 0 ? (
              <span className="muted">no Accept header</span>
            ) : (
              <BreakableText text={result.accept.join(', ')} />
            )}
          </dd>
        </div>
      </dl>
      <SignatureLine verdict={result.signature} />

      {response.status === 404 && !result.source && <NotFoundHelp result={result} />}
      {result.registryErrors && result.registryErrors.length > 0 && (
        <section className="block" aria-label="Registry error">
          <h3>
            Registry error <span className="status-bad">HTTP {response.status}</span>
          </h3>
          <RegistryErrors errors={result.registryErrors} />
        </section>
      )}

      <section className="block">
        <h3>Digest check</h3>
        <DigestCheckTable check={digestCheck} />
      </section>

      <div className="split">
        <section className="block body-block">
          {result.method === 'HEAD' || response.bodySize === 0 ? (
            <>
              <h3>Body</h3>
              <p className="muted">
                {result.method === 'HEAD' ? 'HEAD request: the registry sends status and headers only.' : 'Empty body.'}
              </p>
            </>
          ) : (
            <BodyView bodyBase64={response.bodyBase64} contentType={contentType} />
          )}
        </section>
        <section className="block headers-block">
          <h3>Response headers</h3>
          <HeaderTable headers={response.responseHeaders} label="Response headers" />
          <details className="request-headers">
            <summary>Request headers ({response.requestHeaders.length})</summary>
            <HeaderTable headers={response.requestHeaders} label="Request headers" />
          </details>
        </section>
      </div>
    </section>
  );
}
