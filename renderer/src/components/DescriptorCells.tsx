import { BreakableText } from './BreakableText';
import { ShortDigest } from './ShortDigest';

// The Platforms and Referrers tables both list OCI descriptors and show their fields alike. The cells are
// separate because the two tables order media type and digest differently.

export function MediaTypeCell({ mediaType }: { mediaType: string }) {
  return (
    <td className="mono small-text">
      <BreakableText text={mediaType} />
    </td>
  );
}

/** With `onOpen`, the digest is a link that opens the manifest it names. */
export function DigestCell({ digest, onOpen }: { digest: string; onOpen?: () => void }) {
  return (
    <td className="small-text">
      {onOpen ? (
        <button type="button" className="link" onClick={onOpen} aria-label={`Open manifest ${digest}`}>
          <ShortDigest digest={digest} />
        </button>
      ) : (
        <ShortDigest digest={digest} />
      )}
    </td>
  );
}

/** The exact byte count, then the annotations as key=value: the last two columns of both tables. */
export function SizeAndAnnotationsCells({ size, annotations }: { size: number; annotations: Record<string, string> }) {
  return (
    <>
      <td className="num">{size.toLocaleString('en-US')} B</td>
      <td className="small-text wrap">
        {Object.entries(annotations)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}
      </td>
    </>
  );
}
