// Cameras that end their HTTP response head lines with a bare LF (hobby firmware, old embedded
// servers), which undici's parser refuses on its own: streams in every body framing, the 401
// round trip of Basic and Digest, cameraRequest, https with a pinned certificate, and the limits
// and errors that must not change (a head too long, an answer that is not HTTP).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { StreamError } from '../../../main/stream/errors.ts';
import { cameraRequest, openStream, type StreamResponseInfo } from '../../../main/stream/http-source.ts';
import { makeJpegs } from '../../support/jpegs.ts';
import { makeSelfSignedCertificate, type SelfSigned } from '../../support/self-signed.ts';
import { startTestCamera, type TestCameraOptions } from '../../support/test-camera.ts';

const FRAMES = makeJpegs(4, 32, 24);
const PASSWORD = 'lf pass:wörd';
const kind = (k: StreamError['kind'], pattern: RegExp) => (e: unknown) =>
  e instanceof StreamError && e.kind === k && pattern.test(e.message) && !e.message.includes(PASSWORD);

/** Streams from a camera made with `options`; every frame it sent must come out whole and in order. */
async function streamAll(options: TestCameraOptions, target: { fingerprint256?: string } = {}) {
  const camera = await startTestCamera({ frames: FRAMES, ...options });
  try {
    const frames: Buffer[] = [];
    let info: StreamResponseInfo | undefined;
    const summary = await openStream(
      { url: camera.url(), username: 'u', password: PASSWORD, ...target },
      { onResponse: (i) => { info = i; }, onFrame: (f) => frames.push(f.jpeg) },
    );
    assert.equal(summary.ended, 'complete');
    assert.equal(frames.length, FRAMES.length, 'every frame sent');
    frames.forEach((f, i) => assert.ok(f.equals(FRAMES[i] as Buffer), `frame ${i} differs`));
    return { info: info!, accepted: camera.connections.accepted, requests: camera.requests.length };
  } finally {
    await camera.close();
  }
}

describe('LF-only response heads', { timeout: 60_000 }, () => {
  test('multipart stream, parts with Content-Length, chunked body with LF-only chunk lines', async () => {
    const { info } = await streamAll({ lfOnlyHead: true, lfOnlyChunkLines: true, closingDelimiter: true });
    assert.equal(info.status, 200);
    assert.equal(info.boundary, 'myboundary');
    assert.equal(info.httpVersion, '1.1');
  });

  test('parts without Content-Length and LF-only part lines, close-delimited HTTP/1.1 body', async () => {
    await streamAll({ lfOnlyHead: true, transfer: 'close', partLength: 'none', lineEnding: '\n', closingDelimiter: true });
  });

  test('HTTP/1.0 close-delimited body under a head mixing CRLF and LF', async () => {
    const { info } = await streamAll({ lfOnlyHead: 'mixed', httpVersion: '1.0', closingDelimiter: true });
    assert.equal(info.httpVersion, '1.0');
  });

  test('Basic and Digest: the LF-only 401 and its challenge are read, and the round trip keeps its connection', async () => {
    for (const schemes of [['basic'], ['SHA-256', 'MD5']] as const) {
      const { info, accepted, requests } = await streamAll({ lfOnlyHead: true, lfOnlyChunkLines: true, auth: { username: 'u', password: PASSWORD, schemes: [...schemes] } });
      assert.equal(info.authScheme, schemes[0] === 'basic' ? 'basic' : 'digest-sha256');
      assert.equal(requests, 2);
      assert.equal(accepted, 1, 'the 401 body was framed right, so the connection was reused');
    }
  });

  test('a CRLF 401 from the web server, then an LF-only stream head on the same connection', async () => {
    for (const schemes of [['basic'], ['SHA-256', 'MD5']] as const) {
      const { info, accepted, requests } = await streamAll({ lfOnlyHead: 'stream', auth: { username: 'u', password: PASSWORD, schemes: [...schemes] } });
      assert.equal(info.status, 200);
      assert.equal(requests, 2);
      assert.equal(accepted, 1, 'the 401 and the stream shared the connection');
    }
  });

  test('Digest stale nonce over HTTP/1.0 (a connection per request)', async () => {
    const { info, accepted } = await streamAll({ lfOnlyHead: true, httpVersion: '1.0', auth: { username: 'u', password: PASSWORD, schemes: ['MD5'], staleOnce: true } });
    assert.equal(info.authScheme, 'digest-md5');
    assert.equal(accepted, 3);
  });

  test('a single JPEG snapshot and a large chunked answer through cameraRequest, with Digest', async () => {
    const big = Buffer.alloc(2_000_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 3 === 0 ? 0x0a : i & 0xff; // LFs everywhere in the body
    const camera = await startTestCamera({
      lfOnlyHead: true,
      lfOnlyChunkLines: true,
      auth: { username: 'u', password: PASSWORD, schemes: ['MD5'] },
      respond: (request) => (request.path === '/big' ? { status: 200, body: big, chunkBytes: 65_000 } : { status: 200, headers: { 'Content-Type': 'image/jpeg' }, body: FRAMES[0] }),
    });
    try {
      const target = { url: camera.url(), username: 'u', password: PASSWORD };
      const snapshot = await cameraRequest(target, { path: '/axis-cgi/jpg/image.cgi' });
      assert.equal(snapshot.status, 200);
      assert.equal(snapshot.headers['content-type'], 'image/jpeg');
      assert.ok(snapshot.body.equals(FRAMES[0] as Buffer));
      assert.equal(snapshot.authScheme, 'digest-md5');
      // Far larger than undici's body buffer: its parser pauses and hands bytes back to the socket.
      const large = await cameraRequest(target, { path: '/big', maxBytes: 4_000_000 });
      assert.ok(large.body.equals(big));
    } finally {
      await camera.close();
    }
  });

  test('a head too long is still refused with the limit error', async () => {
    const camera = await startTestCamera({ frames: FRAMES, lfOnlyHead: true, extraHeaders: { 'X-Long': 'a'.repeat(20_000) } });
    try {
      await assert.rejects(openStream({ url: camera.url() }, { onFrame() {} }), kind('protocol', /response head is larger than 16 KiB/));
    } finally {
      await camera.close();
    }
  });

  test('an answer that is not HTTP at all is still a parse error', async () => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.end('hello\nthis is not\n\nHTTP\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
      await assert.rejects(openStream({ url }, { onFrame() {} }), kind('protocol', /could not be parsed.*Expected HTTP\//));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('LF-only response heads over https', { timeout: 60_000 }, () => {
  let certificate: SelfSigned;
  let other: SelfSigned;
  before(async () => {
    [certificate, other] = await Promise.all([makeSelfSignedCertificate(), makeSelfSignedCertificate('impostor')]);
  });

  test('with the pinned certificate: Basic round trip and the stream', async () => {
    const { info } = await streamAll(
      { lfOnlyHead: true, lfOnlyChunkLines: true, tls: { key: certificate.key, cert: certificate.cert }, auth: { username: 'u', password: PASSWORD, schemes: ['basic'] } },
      { fingerprint256: certificate.fingerprint256 },
    );
    assert.equal(info.authScheme, 'basic');
  });

  test('a wrong pin is still refused before anything is sent', async () => {
    const camera = await startTestCamera({ frames: FRAMES, lfOnlyHead: true, tls: { key: certificate.key, cert: certificate.cert }, auth: { username: 'u', password: PASSWORD, schemes: ['basic'] } });
    try {
      await assert.rejects(
        openStream({ url: camera.url(), username: 'u', password: PASSWORD, fingerprint256: other.fingerprint256 }, { onFrame() {} }),
        kind('tls', /does not match the pinned fingerprint/),
      );
      assert.equal(camera.requests.length, 0);
    } finally {
      await camera.close();
    }
  });
});
