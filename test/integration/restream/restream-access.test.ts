// The re-stream's other doors: Basic accepted beside Digest only when the user allowed it, the
// reader limit answered with 503, and resolution= choosing the camera's tile stream.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { tempDir } from '../api/helpers.ts';
import { waitFor } from '../../support/wait-for.ts';
import { authorizationFor, countJpegs, rawReader, RESTREAM_PASSWORD, RESTREAM_USER, restreamPath, startWithRestream, type RestreamSetup } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let simulator: Simulator;
let setup: RestreamSetup;

before(async () => {
  dir = tempDir('restream-access');
  simulator = await startSimulator({ cameras: 1, fps: 5, resolution: '640x480' });
  setup = await startWithRestream(dir.path, simulator, [1], 'basic', 2);
  await setup.serving.core.registry.cameras.update(setup.cameraIds[0]!, { resolution: '640x480', subResolution: '320x240' });
  await setup.serving.core.synced();
});

after(async () => {
  await setup?.serving.close();
  await simulator?.close();
  dir?.remove();
});

const basic = (password: string) => `Basic ${Buffer.from(`${RESTREAM_USER}:${password}`).toString('base64')}`;
const imagePath = (extra = '') => `/axis-cgi/jpg/image.cgi?camera=${setup.cameraIds[0]}${extra}`;

/** Width and height from a JPEG's SOF0 segment. */
function jpegSize(bytes: Buffer): string {
  for (let at = 2; at + 9 < bytes.length && bytes[at] === 0xff; at += 2 + bytes.readUInt16BE(at + 2)) {
    if (bytes[at + 1] === 0xc0) return `${bytes.readUInt16BE(at + 7)}x${bytes.readUInt16BE(at + 5)}`;
  }
  return 'unknown';
}

test('with Basic allowed, Basic and Digest both work, and a wrong Basic password is a 401 offering both', async () => {
  const url = `http://127.0.0.1:${setup.port}${imagePath()}`;
  const viaBasic = await fetch(url, { headers: { authorization: basic(RESTREAM_PASSWORD) } });
  assert.equal(viaBasic.status, 200);
  await viaBasic.body?.cancel();
  const viaDigest = await fetch(url, { headers: { authorization: await authorizationFor(setup.port, imagePath()) } });
  assert.equal(viaDigest.status, 200);
  await viaDigest.body?.cancel();
  const wrong = await fetch(url, { headers: { authorization: basic('nope') } });
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers.get('www-authenticate') ?? '', /Digest realm="Camwall re-stream".*Basic realm="Camwall re-stream"/);
  await wrong.body?.cancel();
});

test('resolution=sub (or the sub stream\'s size) serves the tile stream, the default the main one', async () => {
  const sizes: string[] = [];
  for (const extra of ['', '&resolution=sub', '&resolution=320x240', '&resolution=640x480']) {
    const response = await fetch(`http://127.0.0.1:${setup.port}${imagePath(extra)}`, { headers: { authorization: basic(RESTREAM_PASSWORD) } });
    assert.equal(response.status, 200, extra);
    sizes.push(jpegSize(Buffer.from(await response.arrayBuffer())));
  }
  assert.deepEqual(sizes, ['640x480', '320x240', '320x240', '640x480']);
});

test('readers beyond the limit get 503 with Retry-After, and a place frees when one leaves', async () => {
  const path = restreamPath(setup.cameraIds[0]!);
  const authorization = basic(RESTREAM_PASSWORD);
  const first = rawReader(setup.port, path, authorization);
  const second = rawReader(setup.port, path, authorization);
  try {
    await waitFor(() => setup.serving.restream.server!.readers.size === 2, { what: 'two readers', timeoutMs: 30_000 });
    const third = await fetch(`http://127.0.0.1:${setup.port}${path}`, { headers: { authorization } });
    assert.equal(third.status, 503);
    assert.equal(third.headers.get('retry-after'), '5');
    assert.match(await third.text(), /2 readers are connected already/);
    assert.equal(setup.serving.core.restream.status().readers, 2);
    first.socket.destroy();
    await waitFor(() => setup.serving.restream.server!.readers.size === 1, { what: 'a reader to leave', timeoutMs: 30_000 });
    const chunks: Buffer[] = [];
    const again = rawReader(setup.port, path, authorization);
    again.socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await waitFor(() => countJpegs(Buffer.concat(chunks)) >= 2, { what: 'frames for the reader that took the free place', timeoutMs: 30_000 });
    again.socket.destroy();
  } finally {
    first.socket.destroy();
    second.socket.destroy();
  }
});
