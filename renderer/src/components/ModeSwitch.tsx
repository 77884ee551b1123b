import { APP_MODES, currentLocation, locationHash, navigate, type AppMode } from '../lib/viewLocation';

const LABELS: Record<AppMode, string> = { inspect: 'Inspect', audit: 'Audit' };

/**
 * Inspect one image, or audit a whole registry: links to the two places, since each is a location
 * (Back returns, a reload stays). Each mode keeps its own state in the fragment while the other is shown.
 */
export function ModeSwitch({ mode }: { mode: AppMode }) {
  return (
    <nav className="mode-switch" aria-label="Mode">
      {APP_MODES.map((m) => (
        <a
          key={m}
          href={locationHash({ ...currentLocation(), mode: m }) || '#'}
          aria-current={m === mode ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            if (m !== mode) navigate({ mode: m });
          }}
        >
          {LABELS[m]}
        </a>
      ))}
    </nav>
  );
}
