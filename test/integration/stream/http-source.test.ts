// openStream and cameraRequest against real sockets: connection lifecycle, timeouts, abort,
// authenticated requests, and the limits on what a camera can make us read.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { StreamError } from '../../../main/stream/errors.ts';
import { cameraRequest, openStream } from '../../../main/stream/http-source.ts';
import { makeJpegs } from '../../support/jpegs.ts';
import { startTestCamera } from '../../support/test-camera.ts';
import { waitFor } from '../../support/wait-for.ts';

const FRAMES = makeJpegs(4, 32, 24);
const PASSWORD = 'söme pass:word';
const kind = (k: StreamError['kind'], pattern: RegExp) => (e: unknown) =>
  e instanceof StreamError && e.kind === k && pattern.test(e.message) && !e.message.includes(PASSWORD);


describe('openStream', { timeout: 60_000 }, () => {
  test('delivers frames with their size, then closes its connection; a second stream opens a new one', async () => {
    const camera = await startTestCamera({ frames: FRAMES, auth: { username: 'u', password: PASSWORD, schemes: ['MD5'] } });
    try {
      for (let round = 1; round <= 2; round++) {
        const frames: Array<{ jpeg: Buffer; width: number | null; height: number | null; receivedAt: number }> = [];
        let bytes = 0;
        const summary = await openStream({ url: camera.url(), username: 'u', password: PASSWORD }, { onFrame: (f) => frames.push(f), onBytes: (n) => { bytes += n; } });
        assert.equal(summary.ended, 'complete');
        assert.equal(summary.bytes, bytes);
        assert.ok(frames.length >= FRAMES.length - 1);
        frames.forEach((f, i) => {
          assert.ok(f.jpeg.equals(FRAMES[i] as Buffer));
          assert.equal(f.width, 32);
          assert.equal(f.height, 24);
          assert.ok(f.receivedAt > 0);
        });
        await waitFor(() => camera.connections.open === 0, { what: 'the stream connection to close', timeoutMs: 10_000, pollMs: 10 });
        // The 401 round trip reuses the connection; each stream gets its own.
        assert.equal(camera.connections.accepted, round);
      }
    } finally {
      await camera.close();
    }
  });

  test('abort after the first frame resolves as aborted and closes the connection', async () => {
    const camera = await startTestCamera({ frames: FRAMES, frameCount: Infinity, intervalMs: 20 });
    try {
      const controller = new AbortController();
      let frames = 0;
      const summary = await openStream({ url: camera.url() }, { signal: controller.signal, onFrame: () => { frames++; controller.abort(); } });
      assert.equal(summary.ended, 'aborted');
      assert.ok(frames >= 1);
      await waitFor(() => camera.connections.open === 0, { what: 'the aborted connection to close', timeoutMs: 10_000, pollMs: 10 });
    } finally {
      await camera.close();
    }
  });

  test('an already aborted signal opens nothing', async () => {
    const camera = await startTestCamera({ frames: FRAMES });
    try {
      const summary = await openStream({ url: camera.url() }, { signal: AbortSignal.abort(), onFrame() {} });
      assert.equal(summary.ended, 'aborted');
      assert.equal(camera.connections.accepted, 0);
    } finally {
      await camera.close();
    }
  });

  test('releaseReads: frames are whole while the reads they came from are freed behind the parser', async () => {
    // Frames of a few KB written in uneven pieces (1 byte to 9 KB), each piece its own write
    // and read: parts span reads, reads end inside headers, delimiters and frames.
    const jpegs = makeJpegs(6, 160, 120);
    const body: Buffer[] = [];
    for (let round = 0; round < 5; round++) {
      for (const jpeg of jpegs) {
        body.push(Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n'));
      }
    }
    const stream = Buffer.concat(body);
    const sizes = [1, 9000, 3, 700, 4096, 17, 2500, 60, 8191, 5];
    const server = net.createServer(async (socket) => {
      socket.on('error', () => {});
      await once(socket, 'data');
      socket.write('HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\n\r\n');
      for (let at = 0, k = 0; at < stream.length; k++) {
        const size = sizes[k % sizes.length]!;
        socket.write(stream.subarray(at, at + size));
        at += size;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      socket.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    try {
      for (const releaseReads of [false, true]) {
        const copies: Buffer[] = [];
        const views: Buffer[] = [];
        let bytes = 0;
        const summary = await openStream({ url: `http://127.0.0.1:${port}/video` }, {
          releaseReads,
          onFrame: (f) => { copies.push(Buffer.from(f.jpeg)); views.push(f.jpeg); },
          onBytes: (n) => { bytes += n; },
        });
        assert.equal(summary.ended, 'complete');
        assert.equal(bytes, stream.length);
        assert.equal(copies.length, jpegs.length * 5);
        copies.forEach((copy, i) => assert.ok(copy.equals(jpegs[i % jpegs.length]!), `frame ${i} intact (releaseReads ${releaseReads})`));
        // Frames read from one socket read are views of it: freed ones read as empty afterwards.
        const freed = views.filter((view) => view.length === 0).length;
        if (releaseReads) assert.ok(freed > 0, 'some reads were freed');
        else assert.equal(freed, 0);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('headers timeout: a camera that accepts and never answers', async () => {
    const accepted = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      accepted.add(socket);
      socket.on('error', () => {});
      socket.resume(); // read (and ignore) the request, so the client's close is seen
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await assert.rejects(
        openStream({ url: `http://127.0.0.1:${port}/video` }, { timeouts: { headersMs: 300 }, onFrame() {} }),
        kind('timeout', /sent no answer within 0\.3 s/),
      );
      await waitFor(() => [...accepted].every((socket) => socket.closed || socket.readableEnded), { what: 'the timed-out connection to be closed', timeoutMs: 10_000, pollMs: 10 });
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('connect timeout: an https camera that accepts TCP but never finishes the TLS handshake', async () => {
    // Loopback cannot blackhole a TCP connect, but undici's connect timeout runs until the TLS
    // handshake is done: a server that reads the ClientHello and never answers is a camera that
    // cannot be reached. Nothing but the ClientHello may reach it: no request, no credentials.
    const accepted = new Set<net.Socket>();
    const received: Buffer[] = [];
    const silent = net.createServer((socket) => {
      accepted.add(socket);
      socket.on('error', () => {});
      socket.on('data', (chunk: Buffer) => received.push(chunk));
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await assert.rejects(
        openStream({ url: `https://127.0.0.1:${port}/video`, username: 'root', password: PASSWORD }, { timeouts: { connectMs: 300 }, onFrame() {} }),
        kind('timeout', /no connection to the camera within 0\.3 s/),
      );
      await waitFor(() => accepted.size > 0 && [...accepted].every((socket) => socket.closed || socket.readableEnded), { what: 'the timed-out connection to be closed', timeoutMs: 10_000, pollMs: 10 });
      const bytes = Buffer.concat(received);
      assert.equal(bytes[0], 0x16, 'what arrived is a TLS handshake record');
      assert.ok(!bytes.includes(Buffer.from('GET ')) && !bytes.includes(Buffer.from('root')), 'no request and no user name were sent');
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('idle body timeout: a stream that stops sending', async () => {
    const camera = await startTestCamera({ frames: FRAMES, stallAfterFrames: 2 });
    try {
      let frames = 0;
      await assert.rejects(
        openStream({ url: camera.url() }, { timeouts: { idleBodyMs: 300 }, onFrame: () => { frames++; } }),
        kind('timeout', /sent nothing for 0\.3 s in the middle of the stream/),
      );
      assert.ok(frames >= 1, 'frames before the stall were delivered');
    } finally {
      await camera.close();
    }
  });

  test('no useful Content-Type: the framing is read from the body; an HTML body is still refused', async () => {
    const untyped = await startTestCamera({ frames: FRAMES, contentType: 'application/octet-stream', boundary: 'cam', closingDelimiter: true });
    const html = await startTestCamera({ respond: () => ({ status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: '<html>login</html>' }) });
    try {
      let framingFromBody: boolean | undefined;
      let boundary: string | null = null;
      const frames: Buffer[] = [];
      await openStream({ url: untyped.url() }, { onResponse: (i) => { framingFromBody = i.framingFromBody; boundary = i.boundary; }, onFrame: (f) => frames.push(f.jpeg) });
      assert.equal(framingFromBody, true);
      assert.equal(boundary, 'cam');
      assert.equal(frames.length, FRAMES.length);
      frames.forEach((f, i) => assert.ok(f.equals(FRAMES[i] as Buffer)));
      await assert.rejects(openStream({ url: html.url() }, { onFrame() {} }), kind('protocol', /application\/octet-stream, not an MJPEG/));
    } finally {
      await Promise.all([untyped.close(), html.close()]);
    }
  });

  test('a URL with credentials in it is refused before connecting', async () => {
    await assert.rejects(openStream({ url: `http://u:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/` }, { onFrame() {} }), kind('auth', /remove them from the URL/));
  });

  test('Basic with a colon in the user name fails without sending credentials', async () => {
    const camera = await startTestCamera({ frames: FRAMES, auth: { username: 'a:b', password: PASSWORD, schemes: ['basic'] } });
    try {
      await assert.rejects(openStream({ url: camera.url(), username: 'a:b', password: PASSWORD }, { onFrame() {} }), kind('auth', /containing ':'/));
      assert.equal(camera.requests.length, 1);
      assert.equal(camera.requests[0]?.headers.authorization, undefined);
    } finally {
      await camera.close();
    }
  });
});

describe('cameraRequest', { timeout: 60_000 }, () => {
  const deviceInfo = JSON.stringify({ apiVersion: '1.0', data: { propertyList: { ProdNbr: 'M3045-V', SerialNumber: 'ACCC8E000000' } } });

  test('POSTs JSON with Digest (method in HA2) and returns the answer', async () => {
    const camera = await startTestCamera({
      auth: { username: 'root', password: PASSWORD, schemes: ['SHA-256', 'MD5'] },
      respond: (r) => (r.path === '/axis-cgi/basicdeviceinfo.cgi' && r.method === 'POST' ? { status: 200, headers: { 'Content-Type': 'application/json' }, body: deviceInfo } : undefined),
    });
    try {
      const body = JSON.stringify({ apiVersion: '1.0', method: 'getAllProperties' });
      const response = await cameraRequest(
        { url: camera.url('/'), username: 'root', password: PASSWORD },
        { path: '/axis-cgi/basicdeviceinfo.cgi', method: 'POST', body, headers: { 'content-type': 'application/json' } },
      );
      assert.equal(response.status, 200);
      assert.equal(response.authScheme, 'digest-sha256');
      assert.equal(response.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(response.body.toString()), JSON.parse(deviceInfo));
      assert.equal(camera.requests.at(-1)?.body.toString(), body, 'the body was sent again with the authorized request');
    } finally {
      await camera.close();
    }
  });

  test('other statuses come back as values; 401 with wrong credentials is an auth error', async () => {
    const camera = await startTestCamera({
      auth: { username: 'root', password: PASSWORD, schemes: ['basic'] },
      respond: () => ({ status: 404, body: 'no such cgi' }),
    });
    try {
      const missing = await cameraRequest({ url: camera.url('/'), username: 'root', password: PASSWORD }, { path: '/axis-cgi/nope.cgi?a=1' });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.toString(), 'no such cgi');
      await assert.rejects(cameraRequest({ url: camera.url('/'), username: 'root', password: 'wrong' }, { path: '/x' }), kind('auth', /rejected/));
    } finally {
      await camera.close();
    }
  });

  test('an aborted request rejects with the caller\'s abort reason', async () => {
    const camera = await startTestCamera({ frames: FRAMES, frameCount: Infinity, intervalMs: 20 });
    try {
      const controller = new AbortController();
      const reason = new Error('user closed the dialog');
      const pending = cameraRequest({ url: camera.url() }, { path: '/axis-cgi/mjpg/video.cgi', signal: controller.signal, maxBytes: 64 * 1024 * 1024 });
      await waitFor(() => camera.sentFrames.length > 0, { what: 'the stream to start', timeoutMs: 10_000, pollMs: 10 });
      controller.abort(reason);
      await assert.rejects(pending, (e: unknown) => e === reason);
      await waitFor(() => camera.connections.open === 0, { what: 'the connection to close', timeoutMs: 10_000, pollMs: 10 });
    } finally {
      await camera.close();
    }
  });

  test('an answer larger than maxBytes is cut off with a protocol error', async () => {
    const camera = await startTestCamera({ respond: () => ({ status: 200, body: Buffer.alloc(10_000, 0x41) }) });
    try {
      await assert.rejects(cameraRequest({ url: camera.url('/') }, { path: '/axis-cgi/jpg/image.cgi?resolution=640x480', maxBytes: 4096 }), kind('protocol', /image\.cgi is larger than 4096 bytes/));
      const fits = await cameraRequest({ url: camera.url('/') }, { path: '/axis-cgi/jpg/image.cgi', maxBytes: 10_000 });
      assert.equal(fits.body.length, 10_000);
    } finally {
      await camera.close();
    }
  });
});
