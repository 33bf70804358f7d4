// The MJPEG re-stream of `camwall serve` read by the tools it is for: ffmpeg and OpenCV get frames
// through Digest authentication, wrong or missing credentials get 401, an unknown camera 404,
// and however many readers watch, the camera keeps exactly one connection (counted by the
// simulator). A reader that stops reading holds a bounded buffer and does not slow another.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { RESTREAM_SOCKET_BOUND_BYTES } from '../../../main/server/restream/mjpeg-reader.ts';
import { simulatedCamera, tempDir } from '../api/helpers.ts';
import { pythonWithOpenCv } from '../../support/opencv.ts';
import { waitFor } from '../../support/wait-for.ts';
import { authorizationFor, countJpegs, rawReader, slowReader, RESTREAM_PASSWORD, RESTREAM_USER, restreamPath, startWithRestream, type RestreamSetup } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let simulator: Simulator;
let setup: RestreamSetup;

before(async () => {
  dir = tempDir('restream');
  simulator = await startSimulator({ cameras: 2, fps: 10, resolution: '320x240' });
  setup = await startWithRestream(dir.path, simulator, [1, 2]);
});

after(async () => {
  await setup?.serving.close();
  await simulator?.close();
  dir?.remove();
});

/** Runs a command to its end; resolves with stdout (bytes), stderr and the exit code. */
function run(command: string, args: string[], timeoutMs = 60_000): Promise<{ stdout: Buffer; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr, code });
    });
  });
}

/** The URL a tool is given: credentials in it, as ffmpeg and OpenCV take them (the client's side, tests only). */
function urlWithCredentials(path: string, password = RESTREAM_PASSWORD): string {
  return `http://${RESTREAM_USER}:${encodeURIComponent(password)}@127.0.0.1:${setup.port}${path}`;
}

test('ffmpeg reads frames from the re-stream through Digest authentication', async () => {
  const frames = 12;
  const result = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', urlWithCredentials(restreamPath(setup.cameraIds[0]!)), '-frames:v', String(frames), '-c:v', 'copy', '-f', 'image2pipe', 'pipe:1']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(countJpegs(result.stdout), frames);
});

test('OpenCV VideoCapture reads frames of the right size from the re-stream', async (t) => {
  const python = pythonWithOpenCv();
  if (python === null) return t.skip('python3-opencv is not installed (build/test-deps.mjs installs it)');
  const script = [
    'import sys, cv2',
    'cap = cv2.VideoCapture(sys.argv[1])',
    'sizes = []',
    'for _ in range(8):',
    '    ok, frame = cap.read()',
    '    if not ok: break',
    '    sizes.append(f"{frame.shape[1]}x{frame.shape[0]}")',
    'print(" ".join(sizes))',
  ].join('\n');
  const result = await run(python, ['-c', script, urlWithCredentials(restreamPath(setup.cameraIds[1]!))]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.toString().trim().split(' '), Array(8).fill('320x240'));
});

test('wrong or missing credentials get 401 with a challenge; an unknown camera 404 only after them', async () => {
  const path = restreamPath(setup.cameraIds[0]!);
  const bare = await fetch(`http://127.0.0.1:${setup.port}${path}`);
  assert.equal(bare.status, 401);
  assert.match(bare.headers.get('www-authenticate') ?? '', /Digest realm="Camwall re-stream".*algorithm=SHA-256/);
  await bare.body?.cancel();

  const wrong = await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', urlWithCredentials(path, 'wrong password'), '-frames:v', '1', '-f', 'null', '-']);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /401/);

  const unknownPath = restreamPath('cam-nosuchcam');
  const unknownWithout = await fetch(`http://127.0.0.1:${setup.port}${unknownPath}`);
  assert.equal(unknownWithout.status, 401, 'no camera id is revealed without credentials');
  await unknownWithout.body?.cancel();
  const unknown = await fetch(`http://127.0.0.1:${setup.port}${unknownPath}`, { headers: { authorization: await authorizationFor(setup.port, unknownPath) } });
  assert.equal(unknown.status, 404);
  assert.match(await unknown.text(), /no camera 'cam-nosuchcam'/);

  const badResolutionPath = restreamPath(setup.cameraIds[0]!, '&resolution=1920x1080');
  const badResolution = await fetch(`http://127.0.0.1:${setup.port}${badResolutionPath}`, { headers: { authorization: await authorizationFor(setup.port, badResolutionPath) } });
  assert.equal(badResolution.status, 400);
  assert.match(await badResolution.text(), /no stream at resolution=1920x1080; ask for 320x240/);
});

test('image.cgi answers one JPEG', async () => {
  const path = `/axis-cgi/jpg/image.cgi?camera=${setup.cameraIds[0]}`;
  const response = await fetch(`http://127.0.0.1:${setup.port}${path}`, { headers: { authorization: await authorizationFor(setup.port, path) } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'image/jpeg');
  const jpeg = Buffer.from(await response.arrayBuffer());
  assert.deepEqual([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)], [0xff, 0xd8, 0xff, 0xd9]);
});

test('fps= caps the rate a reader gets', async () => {
  const path = restreamPath(setup.cameraIds[0]!, '&fps=2');
  const reader = rawReader(setup.port, path, await authorizationFor(setup.port, path));
  const chunks: Buffer[] = [];
  reader.socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  try {
    await waitFor(() => countJpegs(Buffer.concat(chunks)) >= 1, { what: 'the first capped frame', timeoutMs: 30_000 });
    const startedAt = performance.now();
    const atStart = countJpegs(Buffer.concat(chunks));
    await waitFor(() => performance.now() - startedAt >= 3000 && countJpegs(Buffer.concat(chunks)) > atStart, { what: '3 s of a capped stream', timeoutMs: 30_000 });
    const rate = ((countJpegs(Buffer.concat(chunks)) - atStart) * 1000) / (performance.now() - startedAt);
    // The camera sends 10 fps; capped to 2 the reader gets about 2 (never much more).
    assert.ok(rate <= 3, `capped reader got ${rate.toFixed(1)} fps`);
  } finally {
    reader.socket.destroy();
  }
});

test('several readers share the one camera connection; a slow reader gets the newest frames, holds a bounded buffer and does not slow another', async () => {
  // A larger stream (640x480 at 15 fps, about 0.5 MB/s) fills the slow reader's socket buffers in seconds.
  const big = await setup.serving.core.registry.cameras.add({ ...simulatedCamera(simulator.port, 2, 'Big'), resolution: '640x480' } as never);
  await setup.serving.core.synced();
  const path = restreamPath(big.id);
  const authorization = await authorizationFor(setup.port, path);
  const fastChunks: Buffer[] = [];
  const fast = rawReader(setup.port, path, authorization);
  fast.socket.on('data', (chunk: Buffer) => fastChunks.push(chunk));
  const other = rawReader(setup.port, path, authorization);
  const slow = slowReader(setup.port, path, authorization, 16 * 1024); // a twentieth of the stream's rate
  const readers = () => [...setup.serving.restream.server!.readers];
  try {
    await waitFor(() => readers().length >= 3 && countJpegs(Buffer.concat(fastChunks)) > 0 && readers().every((r) => r.counters.sent > 0), { what: 'three readers streaming', timeoutMs: 30_000 });
    // Earlier tests' cameras close their connections once their grace period ends.
    await waitFor(() => simulator.stats().clients === 1, { what: 'one camera connection (the earlier tests\' cameras idle)', timeoutMs: 30_000 });
    const servedBefore = simulator.stats().streamsServed;
    // The slow reader's socket fills, then the server holds frames back for it.
    const t0 = performance.now();
    const slowOne = await waitFor(() => readers().find((r) => (r.hubStats()?.dropped ?? 0) > 0), { what: 'the slow reader to start dropping frames', timeoutMs: 60_000 });

    console.log(`the slow reader dropped its first frame after ${Math.round(performance.now() - t0)} ms`);
    const startedAt = performance.now();
    const fastAtStart = countJpegs(Buffer.concat(fastChunks));
    const droppedAtStart = slowOne.hubStats()!.dropped;
    const cameraSentAtStart = simulator.stats().framesSent;
    let maxBuffered = 0;
    await waitFor(() => {
      maxBuffered = Math.max(maxBuffered, ...readers().map((r) => r.buffered));
      return performance.now() - startedAt >= 5000;
    }, { what: '5 s of streaming beside a slow reader', timeoutMs: 30_000, pollMs: 20 });
    const seconds = (performance.now() - startedAt) / 1000;
    const frameBytes = 96 * 1024; // a 640x480 simulator frame is well under this
    assert.ok(maxBuffered <= RESTREAM_SOCKET_BOUND_BYTES + frameBytes, `a reader's buffer reached ${maxBuffered} bytes`);
    const fastFrames = countJpegs(Buffer.concat(fastChunks)) - fastAtStart;
    const cameraFrames = simulator.stats().framesSent - cameraSentAtStart;
    // The reading reader gets what the camera sent in the same time, give or take the frames in
    // transit at either end of the window (up to a second's worth, 15, on a loaded machine).
    assert.ok(cameraFrames >= 5 * 5 && fastFrames >= cameraFrames - 15, `the reading reader got ${fastFrames} of the camera's ${cameraFrames} frames in ${seconds.toFixed(1)} s beside a slow one`);
    const slowStats = slowOne.hubStats()!;
    assert.ok(slowStats.dropped - droppedAtStart >= 10, `the slow reader dropped ${slowStats.dropped - droppedAtStart} stale frames in ${seconds.toFixed(1)} s`);
    assert.ok(slowStats.inFlight <= 1 && slowStats.received === slowStats.delivered + slowStats.dropped + (slowStats.pending ? 1 : 0));
    assert.equal(simulator.stats().streamsServed, servedBefore, 'no new camera connection was opened');
    assert.equal(simulator.stats().clients, 1);
  } finally {
    fast.socket.destroy();
    other.socket.destroy();
    slow.kill();
  }
  await waitFor(() => readers().length === 0, { what: 'the readers to be gone', timeoutMs: 30_000 });
});

test('a reader of a camera that is disabled is closed, not left waiting', async () => {
  const camera = await setup.serving.core.registry.cameras.add({ ...simulatedCamera(simulator.port, 1, 'Soon off') } as never);
  await setup.serving.core.synced();
  const path = restreamPath(camera.id);
  const reader = rawReader(setup.port, path, await authorizationFor(setup.port, path));
  let closed = false;
  reader.socket.on('close', () => (closed = true));
  try {
    await waitFor(() => [...setup.serving.restream.server!.readers].some((r) => r.cameraId === camera.id && r.counters.sent > 0), { what: 'the reader streaming', timeoutMs: 30_000 });
    await setup.serving.core.registry.cameras.update(camera.id, { enabled: false });
    await waitFor(() => closed, { what: 'the reader of the disabled camera to be closed', timeoutMs: 30_000 });
  } finally {
    reader.socket.destroy();
  }
});
