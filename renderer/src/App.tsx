import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { callLens } from './api/client';
import { isLensCallError } from './api/errors';
import { BusyNotice } from './components/BusyNotice';
import { ModeSwitch } from './components/ModeSwitch';
import { OfflineSourceMenu } from './components/OfflineSourceMenu';
import { currentLocation, type AppMode } from './lib/viewLocation';
import { InspectView } from './views/InspectView';
import { SourceView } from './views/SourceView';

const AuditView = lazy(() => import('./views/AuditView').then((m) => ({ default: m.AuditView })));

/** The mode the location names, following Back, Forward and every navigate(). */
function useMode(): AppMode {
  const [mode, setMode] = useState(() => currentLocation().mode);
  useEffect(() => {
    const onPopState = () => setMode(currentLocation().mode);
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  return mode;
}

export function App() {
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => callLens('appInfo', {}) });
  // Without the session token every call fails the same way: say so once, above everything.
  const sessionError = isLensCallError(info.error) && info.error.code === 'SESSION_UNAUTHORIZED' ? info.error : null;
  const mode = useMode();
  // A mode is mounted when first shown and then kept (hidden) behind the other, so coming back finds it
  // as it was; one never shown asks nothing.
  const [visited, setVisited] = useState<ReadonlySet<AppMode>>(() => new Set([mode]));
  if (!visited.has(mode)) setVisited(new Set([...visited, mode]));
  return (
    <div className="app">
      <header className="titlebar">
        {/* The switch under the name: beside it, it would take the width the reference field needs. */}
        <div className="brand">
          <h1>Manifest Lens</h1>
          <ModeSwitch mode={mode} />
        </div>
        {info.data && (
          <span className="muted app-version">
            {info.data.version} · {info.data.mode === 'browser' ? 'browser mode' : 'desktop'}
          </span>
        )}
        {mode === 'inspect' && <OfflineSourceMenu />}
      </header>
      {sessionError && (
        <p className="banner" role="alert">
          {sessionError.message}
        </p>
      )}
      {visited.has('inspect') && (
        <div className="mode mode-inspect" hidden={mode !== 'inspect'}>
          <InspectView />
          <SourceView />
        </div>
      )}
      {visited.has('audit') && (
        <div className="mode mode-audit" hidden={mode !== 'audit'}>
          <Suspense
            fallback={
              <main className="results">
                <BusyNotice>Loading the Audit view…</BusyNotice>
              </main>
            }
          >
            <AuditView />
          </Suspense>
        </div>
      )}
    </div>
  );
}
