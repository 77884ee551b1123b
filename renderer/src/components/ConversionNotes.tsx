import type { ConversionNote } from '../../../shared/conversion';

const KIND_TEXT: Record<ConversionNote['kind'], string> = {
  lost: 'lost',
  changed: 'changed',
  refused: 'refused',
  unverified: 'unverified',
};

/** What a conversion lost, changed or refused, one line each, the field it concerns first. */
export function ConversionNotes({ notes, label }: { notes: readonly ConversionNote[]; label: string }) {
  if (notes.length === 0) return <p className="muted small-text">Nothing lost or changed.</p>;
  return (
    <ul className="conversion-notes" aria-label={label}>
      {notes.map((n, i) => (
        <li key={`${i}-${n.field}`} className={`note-${n.kind}`}>
          <span className={`badge kind-${n.kind}`}>{KIND_TEXT[n.kind]}</span> <code>{n.field}</code> {n.message}
        </li>
      ))}
    </ul>
  );
}
