import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useEffectEvent, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { z } from 'zod/mini';
import type { InspectResult } from '../../../shared/api';
import { MANIFEST_MEDIA_TYPES } from '../../../shared/mediaTypes';
import { useInspectSession, type InspectRequest, type InspectSession } from '../api/inspectQuery';
import { pinnedReference } from '../api/pinned';
import { refreshReference, useImage } from '../api/queries';
import { AuthPanel } from '../components/AuthPanel';
import { BusyNotice } from '../components/BusyNotice';
import { ErrorNotice } from '../components/ErrorNotice';
import { ExportActions } from '../components/ExportActions';
import { ExchangesTable } from '../components/ExchangesTable';
import { ShortcutsDialog } from '../components/ShortcutsDialog';
import { Tabs } from '../components/Tabs';
import { DEFAULT_DIFF_SIDES, type DiffSides } from '../lib/diffSides';
import { DigestNavigation, type OpenDigest } from '../lib/digestNavigation';
import { VIEW_IDS, VIEW_LABELS, type ViewId } from '../../../shared/commands';
import { useSelectedView } from '../lib/layout';
import { usePersistedState } from '../lib/persisted';
import { withRecent } from '../lib/recentReferences';
import { cycleTheme } from '../lib/theme';
import { useCommands } from '../lib/useCommands';
import { beginAction } from '../lib/userAction';
import { currentLocation, navigate, pushLocation, type ViewLocation } from '../lib/viewLocation';
import { FormatsView } from './FormatsView';
import { InspectForm } from './InspectForm';

// The first view is part of the first load; the others arrive when their tab is first opened.
const DiffView = lazy(() => import('./DiffView').then((m) => ({ default: m.DiffView })));
const ImageView = lazy(() => import('./ImageView').then((m) => ({ default: m.ImageView })));
const NegotiationView = lazy(() => import('./NegotiationView').then((m) => ({ default: m.NegotiationView })));
const RegistryView = lazy(() => import('./RegistryView').then((m) => ({ default: m.RegistryView })));
const RepositoryView = lazy(() => import('./RepositoryView').then((m) => ({ default: m.RepositoryView })));
const RequestLogView = lazy(() => import('./RequestLogView').then((m) => ({ default: m.RequestLogView })));
const SupplyChainView = lazy(() => import('./SupplyChainView').then((m) => ({ default: m.SupplyChainView })));

const TAB_ITEMS = VIEW_IDS.map((id) => ({ id, label: VIEW_LABELS[id] }));

/** Inspect one reference: the form, then every view of what the registry served and of the image. */
export function InspectView() {
  // A reload or a link opens what the page's location names.
  const [initial] = useState(currentLocation);
  const session = useInspectSession(
    initial.reference ? { reference: initial.reference, accept: [...MANIFEST_MEDIA_TYPES], method: 'GET' } : null,
  );
  const queryClient = useQueryClient();
  const [reference, setReference] = useState(initial.reference ?? '');
  const [recent, setRecent] = usePersistedState<string[]>('recent', z.array(z.string()), []);
  const [view, setView] = useSelectedView(initial.view);
  const [diffSides, setDiffSides] = useState<DiffSides>(DEFAULT_DIFF_SIDES);
  // The list a child was opened from, so its platform picker stays at hand.
  const [parent, setParent] = useState<string | null>(null);
  // The layer a digest link asked the Image view to show.
  const [shownLayer, setShownLayer] = useState<string | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const resultsRef = useRef<HTMLElement>(null);
  const scrollTops = useRef(new Map<ViewId, number>());

  const run = (request: InspectRequest, fromList: string | null = null, history: 'push' | 'none' = 'push') => {
    beginAction(`Inspect ${request.reference}`);
    refreshReference(queryClient, request.reference);
    session.run(request);
    setReference(request.reference);
    setParent(fromList);
    setShownLayer(null);
    // A "compare with" belongs to the image it was chosen for.
    setDiffSides(DEFAULT_DIFF_SIDES);
    if (history === 'push') pushLocation({ reference: request.reference, view });
  };
  /** Inspects another reference with the Accept set and method of the inspection on screen. */
  const open = (ref: string, fromList: string | null = null, history: 'push' | 'none' = 'push') =>
    run(
      { reference: ref, accept: session.request?.accept ?? [...MANIFEST_MEDIA_TYPES], method: session.request?.method ?? 'GET' },
      fromList,
      history,
    );

  /** The same request again (credentials changed): the answer may differ now. */
  const rerun = () => session.request && session.run(session.request);
  const selectView = (next: ViewId) => {
    scrollTops.current.set(view, resultsRef.current?.scrollTop ?? 0);
    if (next !== view) beginAction(`Open the ${VIEW_LABELS[next]} view`);
    setView(next);
    pushLocation({ reference: session.request?.reference ?? null, view: next });
  };
  /**
   * A digest in a document: a manifest (a list's entry, opened with its list at hand, like a platform
   * picked in the Image view) or a subject opens by digest in the same repository; a config or a layer
   * shows in the Image view of the image on screen.
   */
  const openDigest: OpenDigest = ({ digest, role }) => {
    const shown = session.shown;
    if (!shown || !session.request) return;
    const repository = `${shown.reference.registry}/${shown.reference.repository}`;
    if (role === 'manifest') open(`${repository}@${digest}`, session.request.reference);
    else if (role === 'subject') open(`${repository}@${digest}`);
    else {
      setShownLayer(role === 'layer' ? digest : null);
      selectView('image');
    }
  };
  // Each view keeps its own scroll position; one never seen starts at the top.
  useLayoutEffect(() => {
    resultsRef.current?.scrollTo({ top: scrollTops.current.get(view) ?? 0 });
  }, [view]);

  // Recent holds what a registry answered, not every string typed (a bad reference, a 404, a host down).
  const answered = session.result && session.result.response.status < 400 ? session.result.reference.input : null;
  useEffect(() => {
    if (answered) setRecent((r) => withRecent(r, answered));
  }, [answered, setRecent]);

  // Back, Forward and a reload: the location names the reference and the view to show. An Audit entry
  // is the Audit view's: kept behind it, this view asks nothing then.
  const goTo = useEffectEvent((location: ViewLocation) => {
    if (location.mode !== 'inspect') return;
    if (location.view) setView(location.view);
    if (location.reference && location.reference !== session.request?.reference) open(location.reference, null, 'none');
  });
  useEffect(() => {
    const onPopState = () => goTo(currentLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  useCommands((command) => {
    // From the Audit view, a command of this view brings it back first (the field shows in the next frame);
    // the theme, the help and the walk through history belong to both.
    const shared = command === 'theme' || command === 'shortcuts' || command === 'back' || command === 'forward';
    if (!shared && currentLocation().mode !== 'inspect') navigate({ mode: 'inspect' });
    if (command === 'focus-reference') {
      requestAnimationFrame(() => {
        inputRef.current?.focus();
        inputRef.current?.select();
      });
    } else if (command === 'inspect') formRef.current?.requestSubmit();
    else if (command === 'compare') selectView('diff');
    else if (command === 'theme') cycleTheme();
    else if (command === 'shortcuts') setShortcutsOpen(true);
    // The popstate that follows restores the view (goTo above).
    else if (command === 'back') window.history.back();
    else if (command === 'forward') window.history.forward();
    else selectView(command.slice('view:'.length) as ViewId);
  });

  return (
    <>
      <InspectForm
        running={session.running}
        reference={reference}
        onReferenceChange={setReference}
        recent={recent}
        inputRef={inputRef}
        formRef={formRef}
        onInspect={(request) => run(request)}
        onCancel={session.cancel}
        onShowShortcuts={() => setShortcutsOpen(true)}
      />
      <main className="results" aria-busy={session.running} ref={resultsRef}>
        <Outcome session={session}>
          {session.request && session.shown && (
            <div className={session.running ? 'stale' : undefined}>
              {needsSignIn(session.shown) && (
                <div className="auth-banner">
                  <AuthPanel result={session.shown} onCredentialsChanged={rerun} />
                </div>
              )}
              <DigestNavigation value={shownIsOffline(session.shown) ? null : openDigest}>
                <Tabs
                  label="Views"
                  tabs={TAB_ITEMS}
                  selected={view}
                  onSelect={selectView}
                  renderPanel={(id, active) => (
                    <ResultView
                      view={id}
                      active={active}
                      request={session.request!}
                      result={session.shown!}
                      onRerun={rerun}
                      parent={parent}
                      diffSides={diffSides}
                      onDiffSidesChange={(sides) => {
                        beginAction('Choose diff sides');
                        setDiffSides(sides);
                      }}
                      onOpen={open}
                      onCompare={(ref) => {
                        setDiffSides({ left: { reference: null, pane: 'as-served' }, right: { reference: ref, pane: 'as-served' } });
                        selectView('diff');
                      }}
                      shownLayer={shownLayer}
                    />
                  )}
                />
              </DigestNavigation>
            </div>
          )}
        </Outcome>
      </main>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </>
  );
}

interface ResultViewProps {
  view: ViewId;
  /** False while the view is kept behind another tab: it asks the registry nothing then. */
  active: boolean;
  request: InspectRequest;
  result: InspectResult;
  /** Inspect the same request again (credentials changed). */
  onRerun: () => void;
  parent: string | null;
  diffSides: DiffSides;
  onDiffSidesChange: (sides: DiffSides) => void;
  onOpen: (reference: string, fromList?: string | null) => void;
  onCompare: (reference: string) => void;
  /** The layer a digest link asked the Image view to show, if any. */
  shownLayer: string | null;
}

function ResultView(props: ResultViewProps) {
  return (
    <Suspense fallback={<BusyNotice>Loading the {VIEW_LABELS[props.view]} view…</BusyNotice>}>
      <ViewContent {...props} />
    </Suspense>
  );
}

function ViewContent(props: ResultViewProps) {
  const { view, active, request, result, onRerun, parent, diffSides, onDiffSidesChange, onOpen, onCompare, shownLayer } = props;
  const pinned = pinnedReference(request, result);
  const image = useImage(pinned);
  const parentImage = useImage(parent);
  const repository = `${result.reference.registry}/${result.reference.repository}`;
  switch (view) {
    case 'formats':
      return (
        <FormatsView reference={pinned} result={result} image={image.data} signInFirst={needsSignIn(result)}>
          <ExportActions source={pinned} />
          {!needsSignIn(result) && <AuthPanel result={result} onCredentialsChanged={onRerun} />}
          <section className="pane" aria-labelledby="exchanges-title">
            <header className="pane-header">
              <h2 id="exchanges-title">Exchanges</h2>
              <span className="muted">
                {result.exchanges.length} {result.exchanges.length === 1 ? 'request' : 'requests'}
              </span>
            </header>
            <ExchangesTable exchanges={result.exchanges} />
          </section>
        </FormatsView>
      );
    case 'diff':
      return (
        <DiffView
          request={request}
          pinned={pinned}
          servedType={result.contentType}
          active={active}
          sides={diffSides}
          onSidesChange={onDiffSidesChange}
        />
      );
    case 'negotiation':
      return <NegotiationView reference={request.reference} active={active} />;
    case 'image':
      return (
        <ImageView
          image={image.data}
          error={image.error}
          loading={image.isFetching}
          parent={parentImage.data}
          shownLayer={shownLayer}
          onOpenChild={(list, digest) => onOpen(`${list.reference.registry}/${list.reference.repository}@${digest}`, list.reference.input)}
        />
      );
    case 'repository':
      return (
        <RepositoryView reference={request.reference} repository={repository} active={active} onInspect={onOpen} onCompare={onCompare} />
      );
    case 'log':
      return <RequestLogView />;
    case 'registry':
      return <RegistryView reference={request.reference} active={active} />;
    case 'supply':
      return <SupplyChainView reference={request.reference} source={pinned} active={active} />;
  }
}

/**
 * An offline source typed into the reference field has no repository to open a digest in, and an
 * inspection names no child of a source: its digests stay text here.
 */
function shownIsOffline(result: InspectResult | undefined): boolean {
  return result?.source !== undefined;
}

/** The registry refused who is asking: one sign-in banner above every view says so, instead of each pane. */
function needsSignIn(result: InspectResult): boolean {
  return result.response.status === 401 || result.response.status === 403;
}

function Outcome({ session, children }: { session: InspectSession; children: ReactNode }) {
  if (!session.request) {
    return (
      <div className="empty">
        <p>Type an image reference and press Inspect.</p>
        <p className="muted">
          For example <code>docker.io/library/alpine:3.20</code>, <code>127.0.0.1:5000/team/app@sha256:…</code>
        </p>
        <p className="muted">
          Press <kbd>?</kbd> for keyboard shortcuts.
        </p>
      </div>
    );
  }
  if (session.error) return <ErrorNotice error={session.error} />;
  // The previous answer stays below, dimmed, until the new one replaces it.
  return (
    <>
      {session.running && (
        <BusyNotice>
          Inspecting <code>{session.request.reference}</code>…
        </BusyNotice>
      )}
      {session.cancelled && (
        <p className="notice" role="status">
          Inspection cancelled.
        </p>
      )}
      {children}
    </>
  );
}
