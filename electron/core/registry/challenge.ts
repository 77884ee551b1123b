/**
 * WWW-Authenticate parsing per RFC 7235: several challenges in one header (or several headers joined
 * with commas), auth-params with quoted strings that hold commas and backslash escapes, token68.
 */
export interface Challenge {
  /** Lower-cased scheme: 'bearer', 'basic', ... */
  scheme: string;
  /** Parameter names lower-cased; values unquoted and unescaped. */
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

class Cursor {
  constructor(
    private readonly text: string,
    public pos = 0,
  ) {}
  get rest(): string {
    return this.text.slice(this.pos);
  }
  skipSpace(): void {
    while (this.pos < this.text.length && /[ \t]/.test(this.text[this.pos]!)) this.pos++;
  }
  /** Skips white space and any number of list commas. */
  skipSeparators(): void {
    while (this.pos < this.text.length && /[ \t,]/.test(this.text[this.pos]!)) this.pos++;
  }
  match(re: RegExp): string | null {
    const m = re.exec(this.rest);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  quoted(): string | null {
    if (this.peek() !== '"') return null;
    let out = '';
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos]!;
      if (c === '\\' && this.pos + 1 < this.text.length) out += this.text[++this.pos];
      else if (c === '"') {
        this.pos++;
        return out;
      } else out += c;
    }
    return out; // unterminated: be lenient, as registries' clients are
  }
}

/** Parses one `name=value` auth-param if one starts here; leaves the cursor alone otherwise. */
function authParam(cur: Cursor): [string, string] | null {
  const start = cur.pos;
  const name = cur.match(TOKEN);
  if (!name) return null;
  cur.skipSpace();
  if (cur.peek() !== '=') {
    cur.pos = start;
    return null;
  }
  cur.pos++;
  cur.skipSpace();
  const value = cur.quoted() ?? cur.match(TOKEN) ?? '';
  return [name.toLowerCase(), value];
}

export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const cur = new Cursor(header);
  const challenges: Challenge[] = [];
  for (cur.skipSeparators(); !cur.done(); cur.skipSeparators()) {
    const scheme = cur.match(TOKEN);
    if (!scheme) {
      cur.pos++; // garbage: skip a character and resynchronise
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    cur.skipSpace();
    const afterScheme = cur.pos;
    const token68 = cur.match(TOKEN68);
    if (token68 && /^[ \t]*(,|$)/.test(cur.rest)) {
      challenge.token68 = token68;
      continue;
    }
    cur.pos = afterScheme; // not a token68: auth-params follow
    // auth-params until something that is not `name=` (that is the next challenge's scheme).
    for (let param = authParam(cur); param; param = authParam(cur)) {
      challenge.params[param[0]] = param[1];
      cur.skipSpace();
      if (cur.peek() !== ',') break;
      cur.skipSeparators();
    }
  }
  return challenges;
}

/** The scopes a Bearer challenge names (space separated, as distribution's token spec allows). */
export function challengeScopes(challenge: Challenge): string[] {
  return (challenge.params.scope ?? '').split(' ').filter(Boolean);
}

/** The error a Bearer challenge reports (RFC 6750: invalid_request, invalid_token, insufficient_scope). */
export function bearerError(challenges: readonly Challenge[]): string | null {
  return challenges.find((c) => c.scheme === 'bearer')?.params.error ?? null;
}
