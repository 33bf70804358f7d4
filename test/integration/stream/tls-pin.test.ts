// https cameras with their own self-signed certificate: accepted only when pinned, and nothing
// (no request, no credentials) reaches a server whose certificate does not match.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamError } from '../../../main/stream/errors.ts';
import { openStream, type StreamResponseInfo } from '../../../main/stream/http-source.ts';
import { normalizeFingerprint } from '../../../main/stream/tls-pin.ts';
import { makeJpegs } from '../../support/jpegs.ts';
import { lastJsonLine, runCli } from '../../support/run-cli.ts';
import { makeSelfSignedCertificate, type SelfSigned } from '../../support/self-signed.ts';
import { startTestCamera, type TestCamera } from '../../support/test-camera.ts';

const FRAMES = makeJpegs(3);
const PASSWORD = 'tls secret';
let certificate: SelfSigned;
let other: SelfSigned;
let camera: TestCamera;

before(async () => {
  [certificate, other] = await Promise.all([makeSelfSignedCertificate(), makeSelfSignedCertificate('impostor')]);
  camera = await startTestCamera({
    frames: FRAMES,
    tls: { key: certificate.key, cert: certificate.cert },
    auth: { username: 'root', password: PASSWORD, schemes: ['basic'] },
  });
});
after(() => camera.close());

const isTlsError = (pattern: RegExp) => (e: unknown) => e instanceof StreamError && e.kind === 'tls' && pattern.test(e.message) && !e.message.includes(PASSWORD);

describe('TLS pinning', { timeout: 60_000 }, () => {
  test('the pinned fingerprint is accepted in any spelling (lower case, no colons)', async () => {
    const loose = certificate.fingerprint256.replace(/:/g, '').toLowerCase();
    let info: StreamResponseInfo | undefined;
    const frames: Buffer[] = [];
    const summary = await openStream(
      { url: camera.url(), username: 'root', password: PASSWORD, fingerprint256: loose },
      { onResponse: (i) => { info = i; }, onFrame: (f) => frames.push(f.jpeg) },
    );
    assert.equal(summary.ended, 'complete');
    assert.equal(info?.authScheme, 'basic');
    assert.ok(frames.length >= FRAMES.length - 1 && frames.every((f, i) => f.equals(FRAMES[i] as Buffer)));
  });

  test('a wrong fingerprint is refused before any request or credential is sent', async () => {
    const before = camera.requests.length;
    await assert.rejects(
      openStream({ url: camera.url(), username: 'root', password: PASSWORD, fingerprint256: other.fingerprint256 }, { onFrame() {} }),
      (e: unknown) => isTlsError(/does not match the pinned fingerprint/)(e) && (e as StreamError).presentedFingerprint256 === certificate.fingerprint256,
    );
    assert.equal(camera.requests.length, before, 'the camera saw no request');
  });

  test('no fingerprint: the self-signed certificate is not trusted, and the error names its fingerprint', async () => {
    const before = camera.requests.length;
    await assert.rejects(
      openStream({ url: camera.url(), username: 'root', password: PASSWORD }, { onFrame() {} }),
      isTlsError(new RegExp(`not trusted .*${certificate.fingerprint256}`)),
    );
    assert.equal(camera.requests.length, before);
  });

  test('probe: --fingerprint accepts, a wrong one exits 5', async () => {
    const env = { CAMWALL_PASSWORD: PASSWORD };
    const ok = await runCli(['probe', camera.url(), '--user', 'root', '--fingerprint', certificate.fingerprint256, '--json'], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(lastJsonLine(ok.stdout).authScheme, 'basic');
    const wrong = await runCli(['probe', camera.url(), '--user', 'root', '--fingerprint', other.fingerprint256, '--json'], { env });
    assert.equal(wrong.code, 5);
    assert.match(wrong.stderr, /does not match the pinned fingerprint/);
    for (const text of [ok.stdout, ok.stderr, wrong.stdout, wrong.stderr]) assert.ok(!text.includes(PASSWORD));
  });

  test('fingerprints are normalised and malformed ones refused', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(normalizeFingerprint(`SHA256 ${hex}`), Array(32).fill('AB').join(':'));
    assert.throws(() => normalizeFingerprint('AB:CD'), /expected 64 hex digits/);
    assert.throws(() => normalizeFingerprint('zz'.repeat(32)), /not a SHA-256 fingerprint/);
  });
});
