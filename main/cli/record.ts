// `camwall record <url> --out DIR`: records one camera headless into rotating Matroska segments
// under DIR, with the index in DIR/index.sqlite. Repairs whatever a previous run left in DIR,
// reconnects as the app does, closes the current segment cleanly on SIGINT/SIGTERM, prints a line
// per finished segment and a JSON summary as the last line of stdout.
// The recorder runs on this process's main thread: headless, there is no UI thread to protect,
// and each write or sync blocks only this one camera's loop for about a millisecond.
import { join } from 'node:path';
import { openDatabase } from '../registry/database.ts';
import { CameraRecorder, MIN_SEGMENT_MS } from '../recording/camera-recorder.ts';
import { nodeRecordingFs } from '../base/recording-fs.ts';
import { runRecordLoop } from '../recording/record-loop.ts';
import { recoverAll } from '../recording/recovery.ts';
import { SegmentIndex } from '../recording/segment-index.ts';
import { cameraDirName } from '../recording/segment-paths.ts';
import { systemClock } from '../base/clock.ts';
import type { CameraTarget } from '../stream/http-source.ts';
import { formatUsage, parseArgs, UsageError } from './args.ts';
import { cameraTarget, CREDENTIAL_FLAGS, parseCameraUrl, PASSWORD_ENV, refusePasswordOnCommandLine } from './camera-args.ts';
import { EXIT_AUTH, EXIT_OK, EXIT_PROTOCOL, EXIT_USAGE } from './exit-codes.ts';

const FLAGS = {
  out: { type: 'string', valueName: 'DIR', description: 'recordings folder (created if needed); the index is DIR/index.sqlite' },
  ...CREDENTIAL_FLAGS,
  'segment-seconds': { type: 'number', min: MIN_SEGMENT_MS / 1000, max: 24 * 3600, valueName: 'N', description: 'start a new segment every N seconds (default 300)' },
  'segment-mb': { type: 'number', min: 1, max: 1024 * 1024, valueName: 'M', description: 'start a new segment at M MiB (default 1024)' },
  duration: { type: 'number', min: 0.1, max: 365 * 24 * 3600, valueName: 'S', description: 'stop after S seconds (default: until SIGINT/SIGTERM)' },
} as const;
const POSITIONALS = { names: ['url'], min: 1, max: 1 };
/** Errors listed in the summary; a camera down for days would flood it otherwise. */
export const MAX_REPORTED_ERRORS = 20;

const usageText = (): string =>
  `${formatUsage('record', FLAGS, POSITIONALS)}\n\nThe password may also come from $${PASSWORD_ENV}. Exit codes: 0 stopped as asked, 2 usage, 3 credentials rejected, 4 certificate rejected.`;

type Config = { target: CameraTarget; cameraId: string; out: string; segmentMs?: number; segmentBytes?: number; durationMs?: number };

export async function run(argv: string[]): Promise<number> {
  let config: Config;
  try {
    refusePasswordOnCommandLine(argv);
    const parsed = parseArgs(argv, FLAGS, POSITIONALS);
    if (parsed.help) {
      console.log(usageText());
      return EXIT_OK;
    }
    config = readConfig(parsed.flags, parsed.positionals[0] ?? '');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall record: ${error.message}\n\n${usageText()}`);
    return EXIT_USAGE;
  }
  return record(config);
}

function readConfig(flags: ReturnType<typeof parseArgs<typeof FLAGS>>['flags'], url: string): Config {
  const parsed = parseCameraUrl(url);
  if (flags.out === undefined) throw new UsageError('--out DIR is required');
  const target = cameraTarget(parsed, flags);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const config: Config = { target, out: flags.out, cameraId: cameraDirName(`${parsed.hostname}_${port}${parsed.pathname}${parsed.search}`.replace(/^[_.]+|[_.]+$/g, '')) };
  if (flags['segment-seconds'] !== undefined) config.segmentMs = flags['segment-seconds'] * 1000;
  if (flags['segment-mb'] !== undefined) config.segmentBytes = flags['segment-mb'] * 1024 * 1024;
  if (flags.duration !== undefined) config.durationMs = flags.duration * 1000;
  return config;
}

async function record(config: Config): Promise<number> {
  const db = openDatabase(join(config.out, 'index.sqlite'));
  const index = new SegmentIndex(db);
  try {
    const repaired = recoverAll(config.out, index, nodeRecordingFs, systemClock.now());
    for (const r of repaired.repaired) console.log(`repaired ${r.path}: ${r.frames} frames kept, ${r.cutBytes} bytes cut`);
    for (const r of repaired.adopted) console.log(`adopted ${r.path}: ${r.frames} frames`);
    for (const r of repaired.deleted) console.log(`deleted ${r.path}: ${r.reason}`);

    const finished: { path: string; frames: number; bytes: number }[] = [];
    const errors: string[] = [];
    const note = (message: string) => {
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(message);
      console.error(`camwall record: ${message}`);
    };
    const rotation: { maxSegmentMs?: number; maxSegmentBytes?: number } = {};
    if (config.segmentMs !== undefined) rotation.maxSegmentMs = config.segmentMs;
    if (config.segmentBytes !== undefined) rotation.maxSegmentBytes = config.segmentBytes;
    const recorder = new CameraRecorder({
      cameraId: config.cameraId, root: config.out, index, clock: systemClock, rotation,
      onEvent: (e) => {
        if (e.code === 'segment-finished') {
          finished.push({ path: e.path, frames: e.frames, bytes: e.bytes });
          console.log(`segment ${e.path} frames=${e.frames} bytes=${e.bytes} duration=${(e.durationMs / 1000).toFixed(1)}s`);
        } else if (e.code === 'resumed') console.error(`camwall record: recording ${config.cameraId} resumed`);
        else if (e.code !== 'segment-started' && e.code !== 'stopped') note(e.message);
      },
    });
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let durationEnded = false;
    const timer = config.durationMs === undefined ? undefined : systemClock.setTimer(() => {
      durationEnded = true;
      stop.abort();
    }, config.durationMs);
    console.log(`recording ${config.cameraId} into ${config.out}`);
    let result;
    try {
      result = await runRecordLoop({
        target: config.target, recorder, signal: stop.signal, clock: systemClock,
        onError: (message) => note(`camera ${config.cameraId}: ${message}`),
        onGap: (gap) => console.error(`camwall record: camera ${config.cameraId} back after ${(gap.durationMs / 1000).toFixed(1)} s`),
      });
    } finally {
      timer?.cancel();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await recorder.close();
    }
    const state = recorder.state();
    console.log(JSON.stringify({
      camera: config.cameraId,
      segments: finished.length,
      frames: state.framesWritten,
      bytes: finished.reduce((s, f) => s + f.bytes, 0),
      framesReceived: result.frames,
      framesNotRecorded: state.framesDropped,
      gaps: result.gaps,
      errors,
      // The loop only sees its signal fire; whether that was --duration is known here.
      stoppedBy: result.stoppedBy === 'signal' && durationEnded ? 'duration' : result.stoppedBy,
    }));
    return result.stoppedBy === 'auth' ? EXIT_AUTH : result.stoppedBy === 'tls' ? EXIT_PROTOCOL : EXIT_OK;
  } finally {
    db.close();
  }
}
