import { useInspectSession } from '../api/inspectQuery';
import { AuthPanel } from '../components/AuthPanel';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExchangesTable } from '../components/ExchangesTable';
import { AsServedPane } from './AsServedPane';
import { InspectForm } from './InspectForm';

/** Inspect one reference: the form, then what the registry served and every request it took. */
export function InspectView() {
  const session = useInspectSession();
  return (
    <>
      <InspectForm running={session.running} onInspect={session.run} onCancel={session.cancel} />
      <main className="results" aria-busy={session.running}>
        <Outcome session={session} />
      </main>
    </>
  );
}

function Outcome({ session }: { session: ReturnType<typeof useInspectSession> }) {
  if (!session.request) {
    return (
      <div className="empty">
        <p>Type an image reference and press Inspect.</p>
        <p className="muted">
          For example <code>docker.io/library/alpine:3.20</code>, <code>127.0.0.1:5000/team/app@sha256:…</code>
        </p>
      </div>
    );
  }
  if (session.running) {
    return (
      <p className="notice progress" role="status">
        <span className="spinner" aria-hidden="true" />
        Inspecting <code>{session.request.reference}</code>…
      </p>
    );
  }
  if (session.cancelled) {
    return (
      <p className="notice" role="status">
        Inspection cancelled.
      </p>
    );
  }
  if (session.error) return <ErrorNotice error={session.error} />;
  if (!session.result) return null;
  return (
    <>
      <AsServedPane result={session.result} />
      <AuthPanel result={session.result} onCredentialsChanged={() => session.request && session.run(session.request)} />
      <section className="pane" aria-labelledby="exchanges-title">
        <header className="pane-header">
          <h2 id="exchanges-title">Exchanges</h2>
          <span className="muted">
            {session.result.exchanges.length} {session.result.exchanges.length === 1 ? 'request' : 'requests'}
          </span>
        </header>
        <ExchangesTable exchanges={session.result.exchanges} />
      </section>
    </>
  );
}
