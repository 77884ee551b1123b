import { useQuery } from '@tanstack/react-query';
import { callLens } from './api/client';
import { isLensCallError } from './api/errors';
import { OfflineSourceMenu } from './components/OfflineSourceMenu';
import { InspectView } from './views/InspectView';
import { SourceView } from './views/SourceView';

export function App() {
  const info = useQuery({ queryKey: ['appInfo'], queryFn: () => callLens('appInfo', {}) });
  // Without the session token every call fails the same way: say so once, above everything.
  const sessionError = isLensCallError(info.error) && info.error.code === 'SESSION_UNAUTHORIZED' ? info.error : null;
  return (
    <div className="app">
      <header className="titlebar">
        <h1>Manifest Lens</h1>
        {info.data && (
          <span className="muted app-version">
            {info.data.version} · {info.data.mode === 'browser' ? 'browser mode' : 'desktop'}
          </span>
        )}
        <OfflineSourceMenu />
      </header>
      {sessionError && (
        <p className="banner" role="alert">
          {sessionError.message}
        </p>
      )}
      <InspectView />
      <SourceView />
    </div>
  );
}
