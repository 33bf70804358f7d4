import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeCameraUrl, parseCameraUrl, type CameraUrlFields } from '../../../shared/camera-url.ts';
import { cameraInputSchema, cameraStreamUrl } from '../../../shared/camera.ts';

const none: CameraUrlFields = {
  scheme: 'http', host: '', port: null, kind: null, path: null, resolution: null, fps: null, compression: null, channel: null, rotation: null, username: null, password: null,
};

// Each pasted address and the fields it must fill (on top of `none`), and the notes it must name.
const accepted: Array<{ url: string; fields: Partial<CameraUrlFields>; notes?: RegExp[] }> = [
  { url: 'http://192.0.2.10', fields: { host: '192.0.2.10' } },
  { url: '  https://camera.local/  ', fields: { scheme: 'https', host: 'camera.local' } },
  { url: 'HTTP://Cam-1.example:8080', fields: { host: 'Cam-1.example', port: 8080 } },
  {
    url: 'http://root:pass@192.0.2.10/axis-cgi/mjpg/video.cgi?resolution=1280x720&fps=10&camera=3',
    fields: { host: '192.0.2.10', kind: 'vapix', resolution: '1280x720', fps: 10, channel: 3, username: 'root', password: 'pass' },
  },
  {
    url: 'http://viewer:p%40ss%3Aw0rd+x@[2001:db8::10]:8443/axis-cgi/mjpg/video.cgi?compression=30&rotation=180',
    fields: { host: '2001:db8::10', port: 8443, kind: 'vapix', compression: 30, rotation: 180, username: 'viewer', password: 'p@ss:w0rd+x' },
  },
  // The last @ ends the credentials, so a password may hold an unescaped @.
  { url: 'http://admin:a@b@cam/axis-cgi/mjpg/video.cgi', fields: { host: 'cam', kind: 'vapix', username: 'admin', password: 'a@b' } },
  { url: 'http://only-user@cam/', fields: { host: 'cam', username: 'only-user' } },
  { url: 'http://cam/axis-cgi/mjpg/video.cgi?req_fps=5&fps=0', fields: { host: 'cam', kind: 'vapix', fps: 5 } },
  {
    url: 'http://cam/axis-cgi/mjpg/video.cgi?camera=quad&clock=1&text=1&fps=500',
    fields: { host: 'cam', kind: 'vapix' },
    notes: [/camera=quad was left out: the quad view/, /fps=500 was left out: a frame rate is a whole number from 1 to 120/, /clock=1, text=1 were left out/],
  },
  { url: 'http://cam:81/mjpg/video.mjpg', fields: { host: 'cam', port: 81, kind: 'url', path: '/mjpg/video.mjpg' } },
  { url: 'http://cam/videostream.cgi?rate=0&user=admin&pwd=se%20cret', fields: { host: 'cam', kind: 'url', path: '/videostream.cgi?rate=0', username: 'admin', password: 'se cret' }, notes: [/moved to their fields/] },
  { url: 'http://cam/axis-cgi/jpg/image.cgi?resolution=640x480', fields: { host: 'cam', kind: 'url', path: '/axis-cgi/jpg/image.cgi?resolution=640x480' }, notes: [/single-picture address/] },
  { url: 'http://cam/video.mjpg#view', fields: { host: 'cam', kind: 'url', path: '/video.mjpg' }, notes: [/after # \(#view\)/] },
  { url: 'http://cam/?fps=5', fields: { host: 'cam' }, notes: [/belong to no stream path/] },
];

for (const { url, fields, notes = [] } of accepted) {
  test(`pasted ${url.trim()} fills the fields`, () => {
    const parsed = parseCameraUrl(url);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
    assert.deepEqual(parsed.fields, { ...none, ...fields });
    assert.equal(parsed.notes.length, notes.length, parsed.notes.join(' | '));
    for (const note of notes) assert.ok(parsed.notes.some((n) => note.test(n)), `${note} in ${parsed.notes.join(' | ')}`);
  });
}

const refused: Array<{ url: string; message: RegExp }> = [
  { url: 'rtsp://root:pass@192.0.2.10/axis-media/media.amp', message: /RTSP address \(H\.264\/H\.265 video\), which Camwall cannot show.*mjpg\/video\.cgi/ },
  { url: 'ftp://cam/', message: /starts with ftp:\/\/, which Camwall cannot use/ },
  { url: '192.0.2.10/video', message: /needs http:\/\/ or https:\/\/ in front/ },
  { url: 'http://2001:db8::1/', message: /IPv6 address without brackets/ },
  { url: 'http://[2001:db8::1/', message: /never closes it with \]/ },
  { url: 'http://[2001:db8::1]x/', message: /only :port may follow/ },
  { url: 'http://cam:99999/', message: /port "99999" that is not a number from 1 to 65535/ },
  { url: 'http://cam:http/', message: /port "http"/ },
  { url: 'http://user:pw@/', message: /has no host/ },
  { url: 'http://bad_host!/', message: /host "bad_host!" that is not a hostname/ },
  { url: 'http://a:%E0%A4%A@cam/', message: /broken %-escape/ },
  { url: 'http://cam/a b', message: /contains spaces/ },
  { url: `http://cam/${'x'.repeat(5000)}`, message: /at most 4096/ },
];

test('a password holding an unescaped / ? or # is refused without a piece of it in the message', () => {
  for (const url of ['http://admin:pa/ss-71@192.0.2.10/axis-cgi/mjpg/video.cgi', 'http://admin:12?ss-71@cam/', 'http://admin:pa#ss-71@cam/', 'http://admin:pa/ss-71@cam']) {
    const parsed = parseCameraUrl(url);
    assert.equal(parsed.ok, false, url);
    if (!parsed.ok) {
      assert.match(parsed.message, /typed into its field/);
      assert.ok(!parsed.message.includes('ss-71') && !/"pa"|"12"/.test(parsed.message), parsed.message);
    }
  }
  // An '@' in a query value or deeper in a path is not a password.
  assert.equal(parseCameraUrl('http://cam/cgi?user=a@b.example&x=1').ok, true);
  assert.equal(parseCameraUrl('http://cam/a/b@c').ok, true);
});

for (const { url, message } of refused) {
  test(`pasted ${url.slice(0, 60)} is refused, saying why`, () => {
    const parsed = parseCameraUrl(url);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.message, message);
  });
}

test('looksLikeCameraUrl tells a whole address from a host name', () => {
  assert.equal(looksLikeCameraUrl('http://cam'), true);
  assert.equal(looksLikeCameraUrl(' rtsp://cam/x'), true);
  assert.equal(looksLikeCameraUrl('192.0.2.10'), false);
  assert.equal(looksLikeCameraUrl('camera.local'), false);
});

test('the fields of a pasted VAPIX address make a camera whose stream URL has no credentials and the same arguments', () => {
  const parsed = parseCameraUrl('http://root:secret@192.0.2.10:8080/axis-cgi/mjpg/video.cgi?resolution=640x480&fps=15&camera=2');
  assert.ok(parsed.ok);
  const { fields } = parsed;
  const camera = cameraInputSchema.parse({ name: 'Gate', ...fields, kind: fields.kind ?? 'vapix' });
  const url = cameraStreamUrl(camera, 'main');
  assert.equal(url, 'http://192.0.2.10:8080/axis-cgi/mjpg/video.cgi?resolution=640x480&fps=15&camera=2');
  assert.ok(!url.includes('secret') && !url.includes('root'));
  assert.equal(camera.username, 'root');
});
