import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, draftWithUrl, emptyDraft, inputOf } from '../../../renderer/cameras/camera-draft.ts';
import { parseCameraUrl } from '../../../shared/camera-url.ts';

const parsed = (url: string) => {
  const result = parseCameraUrl(url);
  assert.ok(result.ok);
  return result.fields;
};

test('a pasted VAPIX address fills the form; what it sends has the credentials in their fields only', () => {
  const draft = draftWithUrl({ ...emptyDraft(null), name: 'Gate' }, parsed('https://root:pa%24s@[2001:db8::5]:8443/axis-cgi/mjpg/video.cgi?resolution=1280x720&fps=15&camera=2'));
  assert.deepEqual(
    { scheme: draft.scheme, host: draft.host, port: draft.port, kind: draft.kind, resolution: draft.resolution, fps: draft.fps, channel: draft.channel, username: draft.username, password: draft.password },
    { scheme: 'https', host: '2001:db8::5', port: '8443', kind: 'vapix', resolution: '1280x720', fps: '15', channel: '2', username: 'root', password: 'pa$s' },
  );
  const input = inputOf(draft, false);
  assert.equal(input.channel, 2);
  assert.equal(input.path, null);
  assert.ok(!JSON.stringify({ ...input, password: undefined }).includes('pa$s'));
});

test('a bare address keeps the typed credentials; an address naming another path switches to a URL camera', () => {
  const typed = { ...emptyDraft(null), username: 'viewer', password: 'typed' };
  const bare = draftWithUrl(typed, parsed('http://192.0.2.7'));
  assert.equal(bare.username, 'viewer');
  assert.equal(bare.password, 'typed');
  assert.equal(bare.kind, 'vapix');
  const other = draftWithUrl(typed, parsed('http://192.0.2.7:81/video.mjpg?q=1'));
  assert.equal(other.kind, 'url');
  assert.equal(other.path, '/video.mjpg?q=1');
  assert.equal(inputOf(other, false).channel, null);
});

test('a test result belongs to the address it tested', () => {
  const draft = emptyDraft(null);
  assert.equal(addressKey({ ...draft, name: 'renamed' }), addressKey(draft));
  assert.notEqual(addressKey({ ...draft, password: 'x' }), addressKey(draft));
  assert.notEqual(addressKey({ ...draft, channel: '2' }), addressKey(draft));
});
