// `camwall probe <url>`: connect to one camera once, read up to N frames, say what came back.
// It is the tool to answer "does Camwall understand this camera?", so it reports everything it
// saw (status, content type, boundary, auth scheme, frame size, rate, rejected parts) and maps
// the outcome to an exit code a script can branch on. No reconnect: one connection, one answer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeScheme } from '../stream/auth/authenticator.ts';
import { StreamError } from '../stream/errors.ts';
import { openStream, type CameraTarget, type StreamResponseInfo } from '../stream/http-source.ts';
import type { ParserEvent } from '../stream/multipart-parser.ts';
import { normalizeFingerprint } from '../stream/tls-pin.ts';
import { formatUsage, parseArgs, UsageError } from './args.ts';
import { cameraTarget, CREDENTIAL_FLAGS, parseCameraUrl, PASSWORD_ENV, refusePasswordOnCommandLine } from './camera-args.ts';
import { EXIT_AUTH, EXIT_NETWORK, EXIT_OK, EXIT_PROTOCOL, EXIT_USAGE } from './exit-codes.ts';
import { frameRate, probeSummaryLines, type ProbeReport } from './probe-report.ts';
import { systemClock } from '../base/clock.ts';

const FLAGS = {
  ...CREDENTIAL_FLAGS,
  fingerprint: { type: 'string', valueName: 'SHA256', description: "accept an https camera's self-signed certificate with this SHA-256 fingerprint" },
  frames: { type: 'number', integer: true, min: 1, max: 1_000_000, valueName: 'N', description: 'stop after N frames (default 30)' },
  timeout: { type: 'number', min: 0.1, max: 3600, valueName: 'S', description: 'give up when no complete frame arrives for S seconds (default 10)' },
  save: { type: 'string', valueName: 'DIR', description: 'write every frame as DIR/000001.jpg, 000002.jpg, ...' },
  json: { type: 'boolean', description: 'print one JSON object as the last line of stdout' },
} as const;
const POSITIONALS = { names: ['url'] };

export const DEFAULT_FRAMES = 30;
export const DEFAULT_TIMEOUT_S = 10;
/** Errors listed in the report; a camera that misbehaves on every part would flood it otherwise. */
export const MAX_REPORTED_ERRORS = 20;


const usageText = (): string =>
  `${formatUsage('probe', FLAGS, POSITIONALS)}\n\nThe password may also come from $${PASSWORD_ENV}. Exit codes: 0 frames received, 2 usage, 3 credentials missing or rejected, 4 not MJPEG/JPEG or HTTP error, 5 network, timeout or untrusted certificate.`;

export async function run(argv: string[]): Promise<number> {
  let config: ProbeConfig;
  try {
    refusePasswordOnCommandLine(argv);
    const parsed = parseArgs(argv, FLAGS, POSITIONALS);
    if (parsed.help) {
      console.log(usageText());
      return EXIT_OK;
    }
    config = readConfig(parsed.flags, parsed.positionals[0] as string);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall probe: ${error.message}\n\n${usageText()}`);
    return EXIT_USAGE;
  }
  return probe(config);
}

interface ProbeConfig {
  target: CameraTarget;
  displayUrl: string;
  frames: number;
  timeoutMs: number;
  saveDir: string | undefined;
  json: boolean;
}

type Flags = ReturnType<typeof parseArgs<typeof FLAGS>>['flags'];

function readConfig(flags: Flags, url: string): ProbeConfig {
  const parsed = parseCameraUrl(url);
  const target = cameraTarget(parsed, flags);
  if (flags.fingerprint !== undefined) {
    if (parsed.protocol !== 'https:') throw new UsageError('--fingerprint only applies to https:// URLs');
    try {
      target.fingerprint256 = normalizeFingerprint(flags.fingerprint);
    } catch (error) {
      throw new UsageError(`--fingerprint: ${(error as Error).message}`);
    }
  }
  if (flags.save !== undefined) {
    try {
      mkdirSync(flags.save, { recursive: true });
    } catch (error) {
      throw new UsageError(`--save: cannot create the directory ${flags.save} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return {
    target,
    displayUrl: parsed.href,
    frames: flags.frames ?? DEFAULT_FRAMES,
    timeoutMs: Math.round((flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000),
    saveDir: flags.save,
    json: flags.json,
  };
}

async function probe(config: ProbeConfig): Promise<number> {
  const abort = new AbortController();
  // The report's own wall-clock times (printed), not timers: the CLI is the composition root.
  const startedAt = Date.now();
  const errors: string[] = [];
  let droppedErrors = 0;
  const noteError = (message: string): void => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(message);
    else droppedErrors++;
  };
  let info: StreamResponseInfo | null = null;
  let frames = 0;
  let bytes = 0;
  let rejected = 0;
  let resyncs = 0;
  let firstFrameAt = 0;
  let lastFrameAt = 0;
  let width: number | null = null;
  let height: number | null = null;
  let failure: unknown = null;
  let saveError: string | null = null;
  let stalled = false;

  let watchdog = systemClock.setTimer(onStall, config.timeoutMs);
  function onStall(): void {
    stalled = true;
    abort.abort();
  }
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);

  try {
    await openStream(config.target, {
      signal: abort.signal,
      timeouts: { connectMs: config.timeoutMs, headersMs: config.timeoutMs, idleBodyMs: config.timeoutMs },
      onResponse: (i) => { info = i; },
      onBytes: (n) => { bytes += n; },
      onParserEvent: (event) => {
        if (event.type === 'rejected') rejected++;
        else resyncs++;
        noteError(describeParserEvent(event));
      },
      onFrame: (frame) => {
        if (frames >= config.frames || abort.signal.aborted) return; // the rest of the last chunk
        frames++;
        lastFrameAt = frame.receivedAt;
        if (frames === 1) firstFrameAt = frame.receivedAt;
        if (frame.width !== null) width = frame.width;
        if (frame.height !== null) height = frame.height;
        if (config.saveDir !== undefined) {
          const file = join(config.saveDir, `${String(frames).padStart(6, '0')}.jpg`);
          try {
            writeFileSync(file, frame.jpeg);
          } catch (error) {
            saveError = `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
            abort.abort();
            return;
          }
        }
        watchdog.cancel();
        if (frames >= config.frames) abort.abort();
        else watchdog = systemClock.setTimer(onStall, config.timeoutMs);
      },
    });
  } catch (error) {
    failure = error;
  } finally {
    watchdog.cancel();
    process.removeListener('SIGINT', onSigint);
  }

  const endedAt = Date.now();
  if (failure !== null) noteError(failure instanceof Error ? failure.message : String(failure));
  if (stalled) noteError(`no complete frame for ${config.timeoutMs / 1000} s; gave up`);
  if (saveError) noteError(saveError);
  if (droppedErrors > 0) errors.push(`... and ${droppedErrors} more`);

  const responseInfo = info as StreamResponseInfo | null;
  const seconds = (endedAt - startedAt) / 1000;
  const report: ProbeReport = {
    url: config.displayUrl,
    status: responseInfo?.status ?? (failure instanceof StreamError ? (failure.status ?? null) : null),
    httpVersion: responseInfo?.httpVersion ?? null,
    contentType: responseInfo?.contentType ?? null,
    boundary: responseInfo?.boundary ?? null,
    framingFromBody: responseInfo?.framingFromBody === true,
    authScheme: responseInfo?.authScheme ?? null,
    frames,
    bytes,
    width,
    height,
    fps: frameRate(frames, firstFrameAt, lastFrameAt),
    kbitps: seconds > 0 ? round((bytes * 8) / 1000 / seconds, 1) : null,
    durationMs: endedAt - startedAt,
    rejected,
    resyncs,
    errors,
  };
  // A stream that stopped sending before --frames arrived is a network failure (exit 5), even
  // after some frames: they are reported and stay saved. Undici's body timeout is the same stall.
  const stoppedSending = stalled || (failure instanceof StreamError && failure.kind === 'timeout');
  const exitCode = saveError ? 1 : frames > 0 && frames < config.frames && stoppedSending ? EXIT_NETWORK : exitCodeFor(frames, failure, stalled);

  if (config.json) {
    console.log(JSON.stringify(report));
  } else {
    for (const line of probeSummaryLines(report, describeScheme, config.saveDir)) console.log(line);
  }
  if (exitCode !== EXIT_OK) {
    const reason =
      saveError ??
      (failure instanceof Error
        ? failure.message
        : stalled
          ? `no complete frame within ${config.timeoutMs / 1000} s${frames > 0 ? ` after frame ${frames} of ${config.frames}` : ''}`
          : 'the stream ended without a single whole JPEG frame');
    console.error(`camwall probe: ${config.displayUrl}: ${reason}`);
  }
  return exitCode;
}

/** 0 when any frame came; otherwise what stopped it. */
export function exitCodeFor(frames: number, failure: unknown, stalled: boolean): number {
  if (frames > 0) return EXIT_OK;
  if (stalled) return EXIT_NETWORK;
  if (failure instanceof StreamError) {
    switch (failure.kind) {
      case 'auth': return EXIT_AUTH;
      case 'http':
      case 'protocol': return EXIT_PROTOCOL;
      case 'network':
      case 'timeout':
      case 'tls': return EXIT_NETWORK;
    }
  }
  if (failure !== null) return EXIT_NETWORK;
  return EXIT_PROTOCOL; // the stream ended cleanly but held no whole frame
}

function describeParserEvent(event: ParserEvent): string {
  return event.type === 'rejected'
    ? `rejected a part (${event.reason}, ${event.bytes} bytes)`
    : `lost the part boundary and resynchronised (${event.reason}; skipped ${event.skippedBytes} bytes)`;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
