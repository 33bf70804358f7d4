// Parses WWW-Authenticate header values into challenges (RFC 9110 section 11.6.1).
//
// One header can carry several challenges and a response can carry several headers, and the
// grammar reuses the comma for both lists: `Digest realm="a, b", qop="auth", Basic realm="c"`.
// So this reads token by token: after a scheme, `name = value` pairs belong to it; a token that is
// not followed by `=` starts the next challenge. Cameras in the wild also forget the commas
// between parameters, which this reading accepts for free. It never throws: a malformed tail is
// dropped and what parsed before it is kept, so one broken challenge cannot hide a good one.

export interface Challenge {
  /** Lower case, e.g. 'digest', 'basic'. */
  scheme: string;
  /** Parameter names in lower case; values unquoted and unescaped. The first occurrence wins. */
  params: Record<string, string>;
  /** The token68 form (`Negotiate abc==`), when the challenge uses it instead of parameters. */
  token68?: string;
}

/** Bounds the work done on a hostile header; real challenges are a few hundred bytes. */
export const MAX_CHALLENGE_HEADER_CHARS = 16 * 1024;

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

export function parseWwwAuthenticate(values: string | readonly string[] | null | undefined): Challenge[] {
  if (values == null) return [];
  const list = typeof values === 'string' ? [values] : values;
  return list.flatMap((value) => parseOneHeader(value.slice(0, MAX_CHALLENGE_HEADER_CHARS)));
}

function parseOneHeader(text: string): Challenge[] {
  const challenges: Challenge[] = [];
  let pos = 0;
  let current: Challenge | null = null;

  const skipSpace = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  const skipSeparators = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === ',')) pos++;
  };
  const readToken = (): string => {
    const start = pos;
    while (pos < text.length && TCHAR.test(text[pos] as string)) pos++;
    return text.slice(start, pos);
  };

  while (true) {
    skipSeparators();
    if (pos >= text.length) break;
    const tokenStart = pos;
    const token = readToken();
    if (token === '') return challenges; // a character no grammar rule allows: stop here
    skipSpace();

    if (text[pos] === '=' && current) {
      pos++;
      skipSpace();
      const value = text[pos] === '"' ? readQuoted() : readToken();
      const name = token.toLowerCase();
      if (!(name in current.params)) current.params[name] = value;
      continue;
    }

    // A new challenge: `scheme`, then either token68 or parameters.
    current = { scheme: token.toLowerCase(), params: Object.create(null) as Record<string, string> };
    challenges.push(current);
    if (text[pos] === '=') return challenges; // `=value` with no scheme before it
    if (pos === tokenStart + token.length) continue; // no space after the scheme: bare scheme
    const rest = text.slice(pos);
    const t68 = TOKEN68.exec(rest);
    if (t68) {
      const after = rest.slice(t68[0].length).replace(/^[ \t]*/, '');
      // `realm=x` also matches token68's characters; it is token68 only if nothing follows.
      if (after === '' || after.startsWith(',')) {
        current.token68 = t68[0];
        pos += t68[0].length;
      }
    }
  }
  return challenges;

  function readQuoted(): string {
    pos++; // opening quote
    let out = '';
    while (pos < text.length) {
      const c = text[pos] as string;
      if (c === '\\' && pos + 1 < text.length) {
        out += text[pos + 1];
        pos += 2;
      } else if (c === '"') {
        pos++;
        return out;
      } else {
        out += c;
        pos++;
      }
    }
    return out; // unterminated: keep what was there, as browsers do
  }
}
