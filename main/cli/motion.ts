// `camwall motion <url>`: the motion detector of the app (same algorithm, same defaults) on one
// live stream, headless: one line per motion event as it ends (JSON with --json: startMs, endMs,
// peakScore, box, zones) and a closing summary. One connection, no reconnect, exit codes as
// `probe`: 0 when the stream ran until --duration or Ctrl-C, 3 credentials, 4 not MJPEG / HTTP
// error, 5 network, or a stream that stopped before --duration.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { systemClock } from '../base/clock.ts';
import { GrayDecoder, JpegDecodeError } from '../analysis/jpeg-gray.ts';
import { MotionDetector } from '../analysis/motion-detector.ts';
import { RateGate } from '../analysis/rate-gate.ts';
import { StreamError } from '../stream/errors.ts';
import { openStream } from '../stream/http-source.ts';
import {
  DEFAULT_MOTION_CONFIG, MAX_MOTION_ZONES, MAX_QUIET_MS, MOTION_SENSITIVITIES, motionConfigSchema, motionZoneSchema,
  type MotionConfig, type MotionReport, type MotionSensitivity, type MotionZone,
} from '../../shared/motion.ts';
import { formatUsage, parseArgs, UsageError } from './args.ts';
import { cameraTarget, CREDENTIAL_FLAGS, parseCameraUrl, PASSWORD_ENV, refusePasswordOnCommandLine } from './camera-args.ts';
import { EXIT_NETWORK, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { exitCodeFor } from './probe.ts';

/** Longest run one command takes (a week); without --duration it runs until Ctrl-C. */
export const MAX_DURATION_S = 7 * 24 * 3600;
/** Give up when no whole frame arrives for this long. */
export const STALL_TIMEOUT_S = 10;
/** Largest zones file read. */
export const MAX_ZONES_FILE_BYTES = 256 * 1024;

const FLAGS = {
  ...CREDENTIAL_FLAGS,
  duration: { type: 'number', min: 1, max: MAX_DURATION_S, valueName: 'S', description: 'stop after S seconds (default: until Ctrl-C)' },
  zones: { type: 'string', valueName: 'FILE', description: 'JSON zones: [{"name","kind":"include"|"exclude","points":[[x,y],...]}], points as fractions of the picture' },
  sensitivity: { type: 'string', valueName: 'LEVEL', description: `the preset: ${MOTION_SENSITIVITIES.join(', ')} (default ${DEFAULT_MOTION_CONFIG.sensitivity})` },
  quiet: { type: 'number', min: 1, max: MAX_QUIET_MS / 1000, valueName: 'S', description: `an event ends after S seconds without motion (default ${DEFAULT_MOTION_CONFIG.quietMs / 1000})` },
  json: { type: 'boolean', description: 'one JSON object per event, and the summary as the last line' },
} as const;
const POSITIONALS = { names: ['url'] };

const usageText = (): string =>
  `${formatUsage('motion', FLAGS, POSITIONALS)}\n\nThe password may also come from $${PASSWORD_ENV}. Exit codes: 0 the stream ran until --duration or Ctrl-C, 2 usage, 3 credentials missing or rejected, 4 not MJPEG/JPEG or HTTP error, 5 network, timeout or a stream that stopped early.`;

type Flags = ReturnType<typeof parseArgs<typeof FLAGS>>['flags'];

/** The zones file: an array of zones, or an object with a `zones` array. */
export function readZonesFile(path: string): MotionZone[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--zones: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (text.length > MAX_ZONES_FILE_BYTES) throw new UsageError(`--zones: ${path} is over ${MAX_ZONES_FILE_BYTES} bytes; a zones file is a short JSON list`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--zones: ${path} is not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(json) ? json : (json as { zones?: unknown } | null)?.zones;
  const parsed = z.array(motionZoneSchema).max(MAX_MOTION_ZONES, { error: `at most ${MAX_MOTION_ZONES} zones` }).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `zone ${Number(issue.path[0]) + 1}${issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : ''}` : 'the zones';
    throw new UsageError(`--zones: ${path}: ${where} ${issue.message}; write [{"name":"door","kind":"include","points":[[0.1,0.2],[0.5,0.2],[0.5,0.9]]}]`);
  }
  return parsed.data;
}

function motionConfig(flags: Flags): MotionConfig {
  const sensitivity = flags.sensitivity ?? DEFAULT_MOTION_CONFIG.sensitivity;
  if (!(MOTION_SENSITIVITIES as readonly string[]).includes(sensitivity)) throw new UsageError(`--sensitivity must be ${MOTION_SENSITIVITIES.join(', ')}, not '${sensitivity}'`);
  return motionConfigSchema.parse({
    enabled: true,
    sensitivity: sensitivity as MotionSensitivity,
    zones: flags.zones !== undefined ? readZonesFile(flags.zones) : [],
    quietMs: flags.quiet !== undefined ? Math.round(flags.quiet * 1000) : DEFAULT_MOTION_CONFIG.quietMs,
  });
}

export async function run(argv: string[]): Promise<number> {
  let setup;
  try {
    refusePasswordOnCommandLine(argv);
    const parsed = parseArgs(argv, FLAGS, POSITIONALS);
    if (parsed.help) { console.log(usageText()); return EXIT_OK; }
    const url = parseCameraUrl(parsed.positionals[0] as string);
    setup = { url, target: cameraTarget(url, parsed.flags), config: motionConfig(parsed.flags), durationS: parsed.flags.duration, json: parsed.flags.json };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall motion: ${error.message}\n\n${usageText()}`);
    return EXIT_USAGE;
  }
  const { url, target, config, durationS, json } = setup;
  const decoder = new GrayDecoder();
  const detector = new MotionDetector(url.host, config, { colourOf: (jpeg) => decoder.isColour(jpeg) });
  const gate = new RateGate(config.analysedFps);
  const abort = new AbortController();
  const startedAt = Date.now();
  const totals = { frames: 0, analysed: 0, undecodable: 0, events: 0, recalibrations: 0, activeSeconds: 0 };
  let timeUp = false;
  let stalled = false;
  let interrupted = false;
  let failure: unknown = null;

  const print = (report: MotionReport) => {
    if (report.code === 'recalibrated') totals.recalibrations++;
    if (report.code === 'activity') totals.activeSeconds++;
    if (report.code !== 'motion-end') return;
    totals.events++;
    const { startMs, endMs, peakScore, box, zones } = report;
    if (json) console.log(JSON.stringify({ startMs, endMs, peakScore: round(peakScore, 5), box: roundBox(box), zones }));
    else console.log(`motion ${new Date(startMs).toISOString()} for ${((endMs - startMs) / 1000).toFixed(1)} s, peak ${(peakScore * 100).toFixed(2)}% of the picture, box x ${box.x.toFixed(3)} y ${box.y.toFixed(3)} w ${box.w.toFixed(3)} h ${box.h.toFixed(3)}${zones.length ? `, zones ${zones.join(', ')}` : ''}`);
  };

  let watchdog = systemClock.setTimer(onStall, STALL_TIMEOUT_S * 1000);
  function onStall(): void { stalled = true; abort.abort(); }
  const deadline = durationS === undefined ? null : systemClock.setTimer(() => { timeUp = true; abort.abort(); }, durationS * 1000);
  const onSignal = (): void => { interrupted = true; abort.abort(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await openStream(target, {
      signal: abort.signal,
      releaseReads: true,
      timeouts: { connectMs: STALL_TIMEOUT_S * 1000, headersMs: STALL_TIMEOUT_S * 1000, idleBodyMs: STALL_TIMEOUT_S * 1000 },
      onFrame: (frame) => {
        if (abort.signal.aborted) return;
        totals.frames++;
        watchdog.cancel();
        watchdog = systemClock.setTimer(onStall, STALL_TIMEOUT_S * 1000);
        if (!gate.due(frame.receivedAt)) return;
        try {
          const picture = decoder.decode(frame.jpeg);
          totals.analysed++;
          for (const report of detector.analyse(picture, frame.receivedAt, frame.jpeg)) print(report);
        } catch (error) {
          if (!(error instanceof JpegDecodeError)) throw error;
          totals.undecodable++;
        }
      },
    });
  } catch (error) {
    failure = error;
  } finally {
    watchdog.cancel();
    deadline?.cancel();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  for (const report of detector.finish()) print(report);

  const ranToTheEnd = timeUp || interrupted;
  // Frames, then the end we asked for: 0. Frames, then the stream stopped: 5 (as probe before its N frames).
  // No frame at all: what stopped it, as probe says it (a --duration that ran out before any frame is a timeout).
  const exitCode = totals.frames > 0 ? (ranToTheEnd ? EXIT_OK : EXIT_NETWORK) : ranToTheEnd ? EXIT_NETWORK : exitCodeFor(0, failure, stalled);
  const summary = { url: url.href, ...totals, durationMs: Date.now() - startedAt, sensitivity: config.sensitivity, analysedFps: config.analysedFps, quietMs: config.quietMs };
  if (json) console.log(JSON.stringify({ summary }));
  else console.log(`${totals.events} motion event${totals.events === 1 ? '' : 's'} in ${(summary.durationMs / 1000).toFixed(0)} s: ${totals.frames} frames received, ${totals.analysed} analysed, ${totals.recalibrations} light switches, ${totals.activeSeconds} seconds with motion`);
  if (exitCode !== EXIT_OK) {
    const reason = failure instanceof StreamError || failure instanceof Error ? failure.message
      : stalled ? `no complete frame for ${STALL_TIMEOUT_S} s` : 'the stream ended before --duration';
    console.error(`camwall motion: ${url.href}: ${reason}`);
  }
  return exitCode;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
const roundBox = (box: { x: number; y: number; w: number; h: number }) => ({ x: round(box.x, 4), y: round(box.y, 4), w: round(box.w, 4), h: round(box.h, 4) });
