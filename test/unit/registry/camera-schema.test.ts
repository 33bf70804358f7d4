import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cameraInputSchema, cameraPatchSchema, cameraStreamUrl, type CameraInput } from '../../../shared/camera.ts';
import { fieldErrors, hostKind } from '../../../shared/validation.ts';

const valid: CameraInput = { name: 'Door', host: 'camera.local' };

// field, bad value, expected message fragment (extra fields make the value bad in context)
const cases: Array<[string, unknown, string, Partial<Record<string, unknown>>?]> = [
  ['name', '', 'required'],
  ['name', '   ', 'required'],
  ['name', 'x'.repeat(65), 'at most 64 characters'],
  ['name', 'bell\u0007', 'control characters'],
  ['name', 'door\u202Egnp.exe', 'invisible formatting characters'],
  ['name', 'zero\u200Bwidth', 'invisible formatting characters'],
  ['name', 'soft\u00ADhyphen', 'invisible formatting characters'],
  ['name', 'line\u2028separator', 'invisible formatting characters'],
  ['name', 'paragraph\u2029separator', 'invisible formatting characters'],
  ['username', 'ad\uFEFFmin', 'invisible formatting characters'],
  ['name', 42, 'must be text'],
  ['kind', 'rtsp', "must be 'vapix' or 'url'"],
  ['scheme', 'ftp', "must be 'http' or 'https'"],
  ['host', '', 'required'],
  ['host', 'http://camera.local', 'must be a hostname'],
  ['host', 'camera.local:8080', 'must be a hostname'],
  ['host', 'user@camera.local', 'must be a hostname'],
  ['host', '300.1.2.3', 'must be a hostname'],
  ['host', '-bad.example', 'must be a hostname'],
  ['host', '2001:db8::1::2', 'must be a hostname'],
  ['host', 'a'.repeat(64) + '.example', 'must be a hostname'],
  ['port', 0, 'port: must be an integer from 1 to 65535'],
  ['port', 65536, 'must be an integer from 1 to 65535'],
  ['port', 80.5, 'must be an integer from 1 to 65535'],
  ['port', '80', 'must be an integer from 1 to 65535'],
  ['resolution', '1280*720', 'must be WIDTHxHEIGHT'],
  ['resolution', '0x720', 'must be WIDTHxHEIGHT'],
  ['resolution', '99999x1', 'each side at most 16384'],
  ['fps', 0, 'must be an integer from 1 to 120'],
  ['fps', 121, 'must be an integer from 1 to 120'],
  ['compression', 101, 'must be an integer from 0 to 100'],
  ['channel', 0, 'must be an integer from 1 to 64'],
  ['rotation', 45, 'must be 0, 90, 180 or 270'],
  ['path', 'video.mjpg', "must start with a single '/'", { kind: 'url' }],
  ['path', '//evil.example/video', "must start with a single '/'", { kind: 'url' }],
  ['path', 'http://user:pw@cam/video', "must start with a single '/'", { kind: 'url' }],
  ['path', '/user:pw@cam/video', 'must not contain user:password@', { kind: 'url' }],
  ['path', '/video mjpg', 'must not contain spaces', { kind: 'url' }],
  ['path', null, "required for a camera of kind 'url'", { kind: 'url' }],
  ['path', '/' + 'a'.repeat(2048), 'at most 2048 characters', { kind: 'url' }],
  ['subPath', 'small', "must start with a single '/'", { kind: 'url', path: '/v' }],
  ['subResolution', 'big', 'must be WIDTHxHEIGHT'],
  ['subFps', -1, 'must be an integer from 1 to 120'],
  ['username', 'a:b', "must not contain ':'"],
  ['username', 'u'.repeat(129), 'at most 128 characters'],
  ['password', 'p'.repeat(1025), 'at most 1024 characters'],
  ['password', 'a\u0000b', 'NUL'],
  ['certSha256', 'abcd', 'SHA-256 fingerprint', { scheme: 'https' }],
  ['certSha256', 'g'.repeat(64), 'SHA-256 fingerprint', { scheme: 'https' }],
  ['enabled', 'yes', 'must be true or false'],
  ['recordMode', 'always', "must be 'off', 'continuous', 'scheduled' or 'motion'"],
  ['schedule', 'weekdays', 'must be a list'],
  ['schedule', [], "needs at least one range when recordMode is 'scheduled'", { recordMode: 'scheduled' }],
  ['schedule[0].day', 7, 'must be an integer from 0 to 6'],
  ['schedule[0].from', '9:00', 'must be a time HH:MM'],
  ['schedule[0].to', '24:01', 'must be a time HH:MM'],
  ['schedule[0].to', '08:00', "'to' must differ from 'from'"],
  ['schedule[0].from', '24:00', "'from' must be before 24:00"],
  ['retentionDays', 0, 'must be an integer from 1 to 3650 days'],
  ['retentionGb', 0, 'must be a number of GB from 0.1'],
  ['color', 1, 'is not a known field'],
];

function withField(field: string, value: unknown, extra: Partial<Record<string, unknown>> = {}): Record<string, unknown> {
  const input: Record<string, unknown> = { ...valid, ...extra };
  const schedule = /^schedule\[0\](?:\.(\w+))?$/.exec(field);
  if (schedule) {
    const range: Record<string, unknown> = { day: 1, from: '08:00', to: '18:00' };
    if (schedule[1] === undefined) input.schedule = [value];
    else input.schedule = [{ ...range, [schedule[1]]: value }];
  } else {
    input[field] = value;
  }
  return input;
}

for (const [field, value, fragment, extra] of cases) {
  test(`camera ${field} = ${JSON.stringify(value)?.slice(0, 40)} is refused: ${fragment}`, () => {
    const result = cameraInputSchema.safeParse(withField(field, value, extra));
    assert.equal(result.success, false);
    const errors = result.success ? [] : fieldErrors(result.error);
    const mine = errors.filter((e) => e.field === field);
    assert.equal(mine.length > 0, true, `no error for ${field}: ${JSON.stringify(errors)}`);
    assert.ok(mine.some((e) => `${e.field}: ${e.message}`.includes(fragment)), JSON.stringify(mine));
  });
}

test('the valid base camera of the table passes, so each refusal above is caused by its field', () => {
  assert.equal(cameraInputSchema.safeParse(valid).success, true);
  for (const [field, , , extra] of cases) {
    if (field === 'color' || extra === undefined) continue;
    const fixed = { ...valid, ...extra, ...(extra.kind === 'url' ? { path: '/v' } : {}), ...(extra.recordMode === 'scheduled' ? { schedule: [{ day: 1, from: '08:00', to: '18:00' }] } : {}) };
    assert.equal(cameraInputSchema.safeParse(fixed).success, true, JSON.stringify(fixed));
  }
});

test('hosts: names, IPv4 and IPv6 (bracketed or not) are accepted and normalised', () => {
  for (const [host, kind] of [
    ['camera.local', 'hostname'],
    ['CAM-1', 'hostname'],
    ['192.0.2.10', 'ipv4'],
    ['::1', 'ipv6'],
    ['2001:db8::10', 'ipv6'],
    ['fe80:0:0:0:0:0:0:1', 'ipv6'],
    ['::ffff:192.0.2.1', 'ipv6'],
  ] as const) {
    assert.equal(hostKind(host), kind, host);
  }
  for (const bad of ['1.2.3', '01.2.3.4', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', 'a_b.example', '[::1']) {
    assert.equal(hostKind(bad), null, bad);
  }
  const parsed = cameraInputSchema.parse({ ...valid, host: ' [2001:db8::10] ' });
  assert.equal(parsed.host, '2001:db8::10');
});

test('normalisation: default ports, fingerprint with colons, empty optional text as null', () => {
  const https = cameraInputSchema.parse({ ...valid, scheme: 'https', certSha256: 'AB:'.repeat(31) + 'AB', username: '  ', path: '' });
  assert.equal(https.port, 443);
  assert.equal(https.certSha256, 'ab'.repeat(32));
  assert.equal(https.username, null);
  assert.equal(cameraInputSchema.parse({ ...valid, certSha256: 'ab'.repeat(32) }).certSha256, null, 'no pin on plain http');
});

test('a patch schema fills in no defaults', () => {
  assert.deepEqual(cameraPatchSchema.parse({ port: 81 }), { port: 81 });
});

test('cameraStreamUrl builds VAPIX and url streams without credentials', () => {
  const base = cameraInputSchema.parse({ ...valid, username: 'root', password: 'pw' });
  assert.equal(cameraStreamUrl(base, 'main'), 'http://camera.local/axis-cgi/mjpg/video.cgi');
  const full = cameraInputSchema.parse({
    ...valid,
    host: '2001:db8::10',
    port: 8443,
    scheme: 'https',
    resolution: '1920x1080',
    fps: 25,
    compression: 30,
    channel: 2,
    rotation: 180,
    subResolution: '640x360',
    subFps: 5,
  });
  assert.equal(cameraStreamUrl(full, 'main'), 'https://[2001:db8::10]:8443/axis-cgi/mjpg/video.cgi?resolution=1920x1080&fps=25&compression=30&camera=2&rotation=180');
  assert.equal(cameraStreamUrl(full, 'sub'), 'https://[2001:db8::10]:8443/axis-cgi/mjpg/video.cgi?resolution=640x360&fps=5&compression=30&camera=2&rotation=180');
  const other = cameraInputSchema.parse({ ...valid, kind: 'url', port: 8080, path: '/mjpg/video.mjpg?res=hd', subPath: '/low.mjpg' });
  assert.equal(cameraStreamUrl(other, 'main'), 'http://camera.local:8080/mjpg/video.mjpg?res=hd');
  assert.equal(cameraStreamUrl(other, 'sub'), 'http://camera.local:8080/low.mjpg');
  const noSub = cameraInputSchema.parse({ ...valid, kind: 'url', path: '/v.mjpg' });
  assert.equal(cameraStreamUrl(noSub, 'sub'), 'http://camera.local/v.mjpg', 'no sub stream: the main one');
  for (const url of [cameraStreamUrl(base, 'main'), cameraStreamUrl(full, 'main')]) assert.doesNotMatch(url, /root|pw|@/);
});
