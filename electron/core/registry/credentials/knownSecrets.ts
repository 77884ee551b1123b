/**
 * Every secret the core has held (passwords, identity tokens, access and refresh tokens), so that text
 * from third parties (a helper's stderr, a token server's error body) can be scrubbed before it reaches
 * an error message, a log line or the UI. By construction the core never puts a secret into such text;
 * this is the second lock on the door.
 */
const MASK = '<redacted>';
/** Shorter strings would mangle ordinary words; no real password or token is this short. */
const MIN_SECRET_LENGTH = 4;

export class KnownSecrets {
  private readonly secrets = new Set<string>();

  add(...values: Array<string | null | undefined>): void {
    for (const value of values) if (value && value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
    return out;
  }
}
