// Parses the header block of one multipart part, as leniently as cameras write them: any letter
// case, no space after the colon, continuation lines, lines that are not headers at all (ignored),
// and Content-Length repeated (kept when every copy agrees, dropped when they conflict).

export interface PartHeaders {
  contentType: string | null;
  contentLength: number | null;
  headers: Record<string, string>; // names lower-cased; repeated headers joined with ', '
}

const DECIMAL = /^\d{1,15}$/;

/** `block` is the header lines without the blank line that ends them, decoded as latin1. */
export function parsePartHeaders(block: string): PartHeaders {
  const headers: Record<string, string> = {};
  const lengths: string[] = [];
  let lastName: string | null = null;
  for (const rawLine of block.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && lastName !== null) {
      headers[lastName] = `${headers[lastName]} ${line.trim()}`; // obsolete line folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      lastName = null;
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') lengths.push(value);
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    lastName = name;
  }
  return {
    contentType: headers['content-type']?.split(',')[0]?.trim() ?? null,
    contentLength: agreedLength(lengths),
    headers,
  };
}

/** The Content-Length all copies agree on, or null when absent, malformed or conflicting. */
function agreedLength(values: string[]): number | null {
  let agreed: number | null = null;
  for (const value of values) {
    if (!DECIMAL.test(value)) return null;
    const length = Number(value);
    if (agreed !== null && agreed !== length) return null;
    agreed = length;
  }
  return agreed;
}
