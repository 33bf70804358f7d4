// cameras.test: connects to a DRAFT camera (nothing saved) and reports what it found, or the
// precise reason it failed. Order, gentlest first, each step bounded in time:
//   1. https only: the certificate the camera presents (to show it and offer to pin it);
//   2. VAPIX only: model/serial/firmware from basicdeviceinfo.cgi, the number of video sources
//      (channels) and the resolutions from param.cgi
//      (failures here are not fatal: older firmware has no basicdeviceinfo);
//   2b. VAPIX only: which of the camera's own events it offers (its event stream, a few seconds);
//   3. the stream itself: first-frame time, then frames for `durationMs` to measure fps.
// Credentials go in request headers only; no message here carries a URL or a password.
import { cameraOrigin, cameraStreamUrl, MAX_CHANNEL, type CameraFields } from '../../shared/camera.ts';
import { probeEventStream } from '../stream/vapix-events/event-probe.ts';
import type { CameraTestFailureKind, CameraTestReport } from '../../shared/api/calls.ts';
import { StreamError } from '../stream/errors.ts';
import { cameraRequest, openStream, type CameraTarget, type StreamTimeouts } from '../stream/http-source.ts';
import { systemClock, type Clock, type TimerHandle } from '../base/clock.ts';
import { presentedCertificate } from './tls-probe.ts';

/** Tighter than streaming's timeouts: a person is waiting for the answer. */
export const TEST_TIMEOUTS: StreamTimeouts = { connectMs: 4_000, headersMs: 6_000, idleBodyMs: 5_000 };
/** No frame this long after the request: the test gives up with 'no-frames'. */
export const TEST_FIRST_FRAME_TIMEOUT_MS = 10_000;
export const TEST_TLS_PROBE_TIMEOUT_MS = 4_000;
/** Identity answers are small JSON and text; anything bigger is not what we asked for. */
export const TEST_INFO_MAX_BYTES = 64 * 1024;

export type DraftCamera = CameraFields & { password: string | null };

export async function testCamera(camera: DraftCamera, durationMs: number, signal?: AbortSignal, clock: Clock = systemClock): Promise<CameraTestReport> {
  const report: CameraTestReport = {
    ok: false, reachable: false, authScheme: null, httpStatus: null, contentType: null, device: null, resolutions: [],
    firstFrameMs: null, width: null, height: null, fps: null, framesSeen: 0, measuredMs: 0, certificate: null, failure: null, events: null, videoSources: null,
  };
  const target: CameraTarget = {
    url: cameraStreamUrl(camera, 'main'),
    ...(camera.username !== null ? { username: camera.username } : {}),
    ...(camera.password !== null ? { password: camera.password } : {}),
    ...(camera.scheme === 'https' && camera.certSha256 !== null ? { fingerprint256: camera.certSha256 } : {}),
  };

  if (camera.scheme === 'https') {
    const cert = await presentedCertificate(camera.host, camera.port, TEST_TLS_PROBE_TIMEOUT_MS, clock);
    if (cert) {
      report.reachable = true;
      report.certificate = { ...cert, pinned: camera.certSha256 !== null && cert.sha256 === camera.certSha256 };
    }
  }
  if (camera.kind === 'vapix') {
    await readAxisIdentity(target, report, signal);
    // The camera's own events (motion, tampering, day/night, inputs): which it offers.
    report.events = await probeEventStream({
      origin: cameraOrigin(camera),
      channel: camera.channel ?? 1,
      ...(camera.username !== null && camera.password !== null ? { username: camera.username, password: camera.password } : {}),
      ...(camera.scheme === 'https' && camera.certSha256 !== null ? { fingerprint256: camera.certSha256 } : {}),
    }, clock, signal);
  }

  try {
    await watchStream(target, durationMs, report, clock, signal);
  } catch (error) {
    report.failure = describeFailure(error, camera, report);
    return report;
  }
  if (report.framesSeen === 0) {
    report.failure = { kind: 'no-frames', message: `The camera answered but sent no frame within ${TEST_FIRST_FRAME_TIMEOUT_MS / 1000} s. Check the stream path and that the camera is not overloaded.` };
  } else {
    report.ok = true;
  }
  return report;
}

async function watchStream(target: CameraTarget, durationMs: number, report: CameraTestReport, clock: Clock, outer?: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  outer?.addEventListener('abort', abort, { once: true });
  const started = clock.monotonic();
  let firstAt = 0;
  let lastAt = 0;
  const giveUp = clock.setTimer(() => { if (report.framesSeen === 0) controller.abort(); }, TEST_FIRST_FRAME_TIMEOUT_MS);
  let stopAfter: TimerHandle | undefined;
  try {
    await openStream(target, {
      signal: controller.signal,
      timeouts: TEST_TIMEOUTS,
      clock,
      onResponse: (info) => {
        report.reachable = true;
        report.httpStatus = info.status;
        report.contentType = info.contentType;
        report.authScheme = info.authScheme;
      },
      onFrame: (frame) => {
        const now = clock.monotonic();
        report.framesSeen += 1;
        if (frame.width !== null && frame.height !== null) {
          report.width = frame.width;
          report.height = frame.height;
        }
        if (report.framesSeen === 1) {
          firstAt = now;
          report.firstFrameMs = Math.round(now - started);
          stopAfter = clock.setTimer(() => controller.abort(), durationMs);
        }
        lastAt = now;
      },
    });
  } finally {
    giveUp.cancel();
    stopAfter?.cancel();
    outer?.removeEventListener('abort', abort);
  }
  report.measuredMs = Math.round(lastAt - firstAt);
  // Frame rate between the first and the last frame: n frames span n-1 intervals.
  if (report.framesSeen >= 2 && lastAt > firstAt) report.fps = Math.round(((report.framesSeen - 1) * 1000 * 10) / (lastAt - firstAt)) / 10;
}

async function readAxisIdentity(target: CameraTarget, report: CameraTestReport, signal?: AbortSignal): Promise<void> {
  const common = { timeouts: TEST_TIMEOUTS, maxBytes: TEST_INFO_MAX_BYTES, ...(signal ? { signal } : {}) };
  try {
    const answer = await cameraRequest(target, {
      ...common,
      path: '/axis-cgi/basicdeviceinfo.cgi',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: '1.0', method: 'getAllProperties' }),
    });
    report.reachable = true;
    report.authScheme = answer.authScheme;
    if (answer.status === 200) {
      const list = (JSON.parse(answer.body.toString('utf8')) as { data?: { propertyList?: Record<string, unknown> } }).data?.propertyList;
      if (list) {
        const text = (key: string): string | null => (typeof list[key] === 'string' && list[key] !== '' ? (list[key] as string) : null);
        report.device = { brand: text('Brand'), model: text('ProdNbr'), productName: text('ProdFullName'), serial: text('SerialNumber'), firmware: text('Version') };
      }
    }
  } catch {
    // Not an Axis, older firmware, or unreachable: the stream step reports what matters.
  }
  try {
    // Encoders (a P7316 has 16) and multi-sensor cameras: the form offers to add every channel.
    const answer = await cameraRequest(target, { ...common, path: '/axis-cgi/param.cgi?action=list&group=ImageSource.NbrOfSources' });
    report.reachable = true;
    report.videoSources = videoSourcesOf(answer.status === 200 ? answer.body.toString('utf8') : '');
  } catch {
    // As above: a camera without the parameter has one source.
  }
  try {
    const answer = await cameraRequest(target, { ...common, path: '/axis-cgi/param.cgi?action=list&group=Properties.Image.Resolution' });
    report.reachable = true;
    const match = /Properties\.Image\.Resolution=([^\r\n]*)/.exec(answer.status === 200 ? answer.body.toString('utf8') : '');
    if (match?.[1]) report.resolutions = match[1].split(',').map((r) => r.trim()).filter((r) => /^\d+x\d+$/.test(r));
  } catch {
    // As above.
  }
}

/** `root.ImageSource.NbrOfSources=16` → 16; null when absent or beyond what a camera can be given as channel. */
export function videoSourcesOf(paramText: string): number | null {
  const match = /^root\.ImageSource\.NbrOfSources=(\d{1,3})\s*$/m.exec(paramText);
  const count = match ? Number(match[1]) : NaN;
  return Number.isInteger(count) && count >= 1 && count <= MAX_CHANNEL ? count : null;
}

function describeFailure(error: unknown, camera: DraftCamera, report: CameraTestReport): { kind: CameraTestFailureKind; message: string } {
  if (!(error instanceof StreamError)) return { kind: 'unreachable', message: 'The test could not connect to the camera.' };
  // onResponse runs only for an MJPEG or JPEG answer; a protocol error before it is the content type.
  const streamStarted = report.httpStatus !== null;
  if (error.status !== undefined) {
    report.reachable = true;
    report.httpStatus ??= error.status;
  }
  const kind = ((): CameraTestFailureKind => {
    switch (error.kind) {
      case 'auth': return 'auth';
      case 'http': return 'http';
      case 'timeout': return 'timeout';
      case 'network': return 'unreachable';
      case 'tls': {
        if (error.presentedFingerprint256) {
          const sha256 = error.presentedFingerprint256.replace(/:/g, '').toLowerCase();
          report.reachable = true;
          report.certificate ??= { sha256, pinned: false, trusted: false };
          return camera.certSha256 !== null && camera.certSha256 !== sha256 ? 'tls-mismatch' : 'tls';
        }
        return 'tls';
      }
      case 'protocol':
        // A 2xx answer refused before any stream started: the content was not MJPEG or JPEG.
        return !streamStarted && error.status !== undefined && error.status < 300 ? 'not-mjpeg' : 'protocol';
    }
  })();
  return { kind, message: `${capitalise(error.message)}.` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
