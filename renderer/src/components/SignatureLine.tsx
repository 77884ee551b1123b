import { signatureText, type SignatureVerdict } from '../../../shared/conversion';

const TONE: Record<SignatureVerdict['status'], string> = { verified: 'status-ok', 'does-not-verify': 'status-bad', unsigned: 'muted' };

/** The core's verdict on a schema 1 document's signature, in one line; nothing for other formats. */
export function SignatureLine({ verdict }: { verdict: SignatureVerdict | null }) {
  if (!verdict) return null;
  return (
    <p role="note" aria-label="Schema 1 signature" className={`signature-line small-text ${TONE[verdict.status]}`}>
      Signature: {signatureText(verdict)}
    </p>
  );
}
