/**
 * A digest shown short (`sha256:2ee0326…`) by CSS alone: the text stays the whole digest, so copying,
 * searching and screen readers get the full value, and hovering shows it too.
 */
export function ShortDigest({ digest }: { digest: string }) {
  return (
    <span className="short-digest mono" title={digest}>
      {digest}
    </span>
  );
}
