// A camera address pasted whole (`http://user:pass@192.0.2.10:8080/axis-cgi/mjpg/video.cgi?fps=10`)
// split into the camera form's fields. Pure, no URL class (shared/ has neither Node nor DOM), so
// the same code runs in the form and in the tests. Credentials go to the username and password
// fields and never stay in a path; what cannot be used (an RTSP address, a `camera=quad` view, a
// VAPIX argument Camwall does not keep) is named in `notes` or refused with a message.
import { MAX_CHANNEL, MAX_FPS, MAX_RESOLUTION_SIDE, VAPIX_STREAM_PATH, type CameraKind, type CameraScheme, type Rotation } from './camera.ts';
import { hostKind } from './validation.ts';

/** Longer than any address a person pastes; a clipboard holding a document is not an address. */
export const MAX_CAMERA_URL_LENGTH = 4096;

/** The fields a pasted address fills; `kind` and `path` are null when the address names no stream. */
export type CameraUrlFields = {
  scheme: CameraScheme;
  host: string;
  /** null: the scheme's default port. */
  port: number | null;
  kind: CameraKind | null;
  /** kind 'url': the path and query, credentials taken out. */
  path: string | null;
  resolution: string | null;
  fps: number | null;
  compression: number | null;
  channel: number | null;
  rotation: Rotation | null;
  /** Percent-decoded; null when the address carries none. */
  username: string | null;
  password: string | null;
};

export type ParsedCameraUrl =
  | { ok: true; fields: CameraUrlFields; notes: string[] }
  | { ok: false; message: string };

/** True when `text` is a whole address (a scheme before `://`), not just a host name. */
export function looksLikeCameraUrl(text: string): boolean {
  return /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

const VAPIX_ARGS = ['resolution', 'fps', 'req_fps', 'compression', 'camera', 'rotation'] as const;
/** Query keys that carry credentials on some cameras (Foscam, old D-Link); never stored in a path. */
const CREDENTIAL_KEYS_USER = new Set(['user', 'usr', 'username', 'login', 'loginuse']);
const CREDENTIAL_KEYS_PASSWORD = new Set(['pwd', 'pass', 'passwd', 'password', 'loginpas']);
const ROTATION_VALUES: readonly Rotation[] = [0, 90, 180, 270];

export function parseCameraUrl(input: string): ParsedCameraUrl {
  const text = input.trim();
  if (text.length > MAX_CAMERA_URL_LENGTH) return fail(`is ${text.length} characters long; a camera address is at most ${MAX_CAMERA_URL_LENGTH}`);
  if (/\s/.test(text)) return fail('contains spaces; paste one address, such as http://192.0.2.10/axis-cgi/mjpg/video.cgi');
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (!schemeMatch) return fail('is not an address: it needs http:// or https:// in front');
  const scheme = schemeMatch[1]!.toLowerCase();
  if (scheme === 'rtsp' || scheme === 'rtsps' || scheme === 'rtmp') {
    return fail(`is an ${scheme.toUpperCase()} address (H.264/H.265 video), which Camwall cannot show: it needs Motion JPEG over HTTP. On an Axis camera use http://<address>/axis-cgi/mjpg/video.cgi`);
  }
  if (scheme !== 'http' && scheme !== 'https') return fail(`starts with ${scheme}://, which Camwall cannot use: use an http:// or https:// address`);

  const rest = text.slice(schemeMatch[0].length);
  const authorityEnd = firstIndexOf(rest, ['/', '?', '#']);
  const authority = rest.slice(0, authorityEnd);
  let pathAndQuery = rest.slice(authorityEnd);
  const notes: string[] = [];

  const at = authority.lastIndexOf('@');
  if (at === -1 && passwordCutShort(rest, authorityEnd)) {
    // Nothing after the cut may be quoted in a message: it is part of the password.
    return fail('has an @ after a / ? or #: a username or password holding one of those must be typed into its field (or written %2F, %3F, %23)');
  }
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);
  let username: string | null = null;
  let password: string | null = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(':');
    const user = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
    const pass = colon === -1 ? null : decode(userinfo.slice(colon + 1));
    if (user === undefined || pass === undefined) return fail('has a username or password with a broken %-escape; type them into their fields instead');
    username = user === '' ? null : user;
    password = pass === null || pass === '' ? null : pass;
  }

  const hostAndPort = splitHostPort(hostPort);
  if (typeof hostAndPort === 'string') return fail(hostAndPort);
  const { host, port } = hostAndPort;

  const hash = pathAndQuery.indexOf('#');
  if (hash !== -1) {
    notes.push(`The part after # (${pathAndQuery.slice(hash)}) is never sent to a camera and was left out.`);
    pathAndQuery = pathAndQuery.slice(0, hash);
  }
  const questionMark = pathAndQuery.indexOf('?');
  const path = questionMark === -1 ? pathAndQuery : pathAndQuery.slice(0, questionMark);
  const query = questionMark === -1 ? '' : pathAndQuery.slice(questionMark + 1);
  const args = splitQuery(query);

  // Credentials some cameras take in the query move to the fields as well.
  const kept = args.filter(([key, value]) => {
    const lower = key.toLowerCase();
    if (CREDENTIAL_KEYS_USER.has(lower)) {
      username ??= value === '' ? null : value;
      return false;
    }
    if (CREDENTIAL_KEYS_PASSWORD.has(lower)) {
      password ??= value === '' ? null : value;
      return false;
    }
    return true;
  });
  if (kept.length !== args.length) {
    notes.push('The username and password in the address were moved to their fields; a camera that accepts them only in the address will refuse the stream.');
  }

  const fields: CameraUrlFields = {
    scheme, host, port, kind: null, path: null, resolution: null, fps: null, compression: null, channel: null, rotation: null, username, password,
  };
  if (path === '' || path === '/') {
    if (kept.length > 0) notes.push(`The arguments after ? (${joinQuery(kept)}) belong to no stream path and were left out.`);
    return { ok: true, fields, notes };
  }
  if (path.toLowerCase() === VAPIX_STREAM_PATH) {
    fields.kind = 'vapix';
    readVapixArgs(kept, fields, notes);
    return { ok: true, fields, notes };
  }
  if (path.includes('\\')) return fail('has a backslash in its path; percent-encode it (%5C)');
  fields.kind = 'url';
  fields.path = path + (kept.length > 0 ? `?${joinQuery(kept)}` : '');
  if (/\/axis-cgi\/jpg\/image\.cgi$/i.test(path)) notes.push('This is a single-picture address: Camwall asks it for a new picture twice a second. /axis-cgi/mjpg/video.cgi gives a smoother stream.');
  return { ok: true, fields, notes };
}

/**
 * A password with an unescaped '/', '?' or '#' ends the authority early ("admin:pa/ss@cam"): the
 * first part looks like host:port and the rest like a path, query or fragment, which the notes and
 * errors would quote. Told apart from a path or query that merely holds an '@' (user=a@b.example)
 * by what lies between the cut and the '@': no further '/', '=' or '&'.
 */
function passwordCutShort(rest: string, authorityEnd: number): boolean {
  const nextAt = rest.indexOf('@', authorityEnd);
  if (nextAt === -1) return false;
  return !/[/=&]/.test(rest.slice(authorityEnd + 1, nextAt));
}

function fail(reason: string): ParsedCameraUrl {
  return { ok: false, message: `The address ${reason}.` };
}

function splitHostPort(hostPort: string): { host: string; port: number | null } | string {
  let host: string;
  let portText: string | null = null;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) return 'opens an IPv6 address with [ but never closes it with ]';
    host = hostPort.slice(1, close);
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return `has "${after}" after the IPv6 address; only :port may follow it`;
    if (after !== '') portText = after.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    if (colon !== -1 && hostPort.indexOf(':', colon + 1) !== -1) return 'has an IPv6 address without brackets: write it as http://[2001:db8::10]/';
    host = colon === -1 ? hostPort : hostPort.slice(0, colon);
    if (colon !== -1) portText = hostPort.slice(colon + 1);
  }
  if (host === '') return 'has no host: put the camera\'s name or IP address after //';
  if (hostKind(host) === null) return `has a host "${host.slice(0, 80)}" that is not a hostname, an IPv4 address or an IPv6 address`;
  if (portText === null || portText === '') return { host, port: null };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return `has a port "${portText.slice(0, 20)}" that is not a number from 1 to 65535`;
  return { host, port: Number(portText) };
}

function readVapixArgs(args: readonly QueryArg[], fields: CameraUrlFields, notes: string[]): void {
  const unused: string[] = [];
  const bad = (key: string, value: string, what: string) => notes.push(`${key}=${value} was left out: ${what}.`);
  for (const [rawKey, value, raw] of args) {
    const key = rawKey.toLowerCase() as (typeof VAPIX_ARGS)[number];
    switch (key) {
      case 'resolution': {
        const m = /^(\d{1,5})x(\d{1,5})$/i.exec(value);
        if (m && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[1]) <= MAX_RESOLUTION_SIDE && Number(m[2]) <= MAX_RESOLUTION_SIDE) fields.resolution = `${Number(m[1])}x${Number(m[2])}`;
        else bad(rawKey, value, 'a resolution is WIDTHxHEIGHT, e.g. 1280x720');
        break;
      }
      case 'fps':
      case 'req_fps': {
        const n = wholeNumber(value);
        // fps=0 is VAPIX for "as fast as the camera can": the same as leaving it unset.
        if (n === 0) break;
        if (n !== null && n <= MAX_FPS) fields.fps = n;
        else bad(rawKey, value, `a frame rate is a whole number from 1 to ${MAX_FPS}`);
        break;
      }
      case 'compression': {
        const n = wholeNumber(value);
        if (n !== null && n <= 100) fields.compression = n;
        else bad(rawKey, value, 'compression is a whole number from 0 to 100');
        break;
      }
      case 'camera': {
        const n = wholeNumber(value);
        if (n !== null && n >= 1 && n <= MAX_CHANNEL) fields.channel = n;
        else if (value.toLowerCase() === 'quad') bad(rawKey, value, 'the quad view of an encoder cannot be recorded as one camera; add its channels one by one (Test connection offers all of them)');
        else bad(rawKey, value, `a channel is a number from 1 to ${MAX_CHANNEL}`);
        break;
      }
      case 'rotation': {
        const n = wholeNumber(value);
        if (n !== null && (ROTATION_VALUES as readonly number[]).includes(n)) fields.rotation = n as Rotation;
        else bad(rawKey, value, 'rotation is 0, 90, 180 or 270');
        break;
      }
      default:
        unused.push(raw);
    }
  }
  if (unused.length > 0) {
    notes.push(`${unused.join(', ')} ${unused.length === 1 ? 'was' : 'were'} left out: Camwall sets only resolution, frame rate, compression, channel and rotation of an Axis stream.`);
  }
}

function wholeNumber(text: string): number | null {
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

/** Each argument decoded, with its text as written (`raw`) so a kept path is passed on unchanged. */
type QueryArg = [key: string, value: string, raw: string];

function splitQuery(query: string): QueryArg[] {
  if (query === '') return [];
  return query.split('&').filter((part) => part !== '').map((part) => {
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    return [decode(key, true) ?? key, decode(value, true) ?? value, part];
  });
}

function joinQuery(args: readonly QueryArg[]): string {
  return args.map(([, , raw]) => raw).join('&');
}

/** `+` is a space only in a query; in a username or password it is itself. */
function decode(text: string, inQuery = false): string | undefined {
  try {
    return decodeURIComponent(inQuery ? text.replace(/\+/g, '%20') : text);
  } catch {
    return undefined;
  }
}

function firstIndexOf(text: string, chars: readonly string[]): number {
  let best = text.length;
  for (const c of chars) {
    const i = text.indexOf(c);
    if (i !== -1 && i < best) best = i;
  }
  return best;
}
