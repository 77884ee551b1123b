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

export function DigestCell({ digest }: { digest: string }) {
  return (
    <td className="small-text">
      <ShortDigest digest={digest} />
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
