// The bridge the stream worker uses to record a camera in the worker that receives it (no frame
// copy, no thread hop; file writes and syncs stay off the app's main thread, and Cluster syncs off
// the worker's own thread too, so waiting for the disk never holds up the cameras it receives).
// The stream worker loads it as its `record` frame sink (main/stream/frame-sink.ts) on the first
// session that records: `serveStreamWorker(parentPort, { openStream, sinkFactories: { record: createRecordSinkFactory() } })`.
// Each worker opens one connection to the registry database (WAL lets it write beside the main
// thread) and shares it among its cameras.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../registry/database.ts';
import { systemClock, type Clock } from '../base/clock.ts';
import type { FrameSink, RecorderEvent, SinkFactory } from '../stream/frame-sink.ts';
import { CameraRecorder, type RotationPolicy } from './camera-recorder.ts';
import type { RecordingFs } from '../base/recording-fs.ts';
import { SegmentIndex } from './segment-index.ts';
import { MotionGate, motionGateSettingsOf } from './motion-gate.ts';

/** The recorder's part of a camera's worker config (`record` in WorkerCameraConfig). */
export type WorkerRecordSettings = {
  /** Recordings root. */
  directory: string;
  /** The registry database holding the segments table; default <directory>/index.sqlite. */
  database?: unknown;
  segmentSeconds?: unknown;
  segmentBytes?: unknown;
  /** Record only while there is motion (main/recording/motion-gate.ts): `{ preRollMs, postRollMs, maxBufferBytes? }`. */
  onMotion?: unknown;
};

/**
 * This module as the stream workers load it (StreamManager's `sinkModules.record`): itself when
 * running from source, the `record-sink` bundle next to the app's bundle once built.
 */
export const RECORD_SINK_MODULE: URL = import.meta.url.endsWith('.ts') ? new URL(import.meta.url) : new URL('./record-sink.js', import.meta.url);

/** What a stream worker calls after importing RECORD_SINK_MODULE (frame-sink.ts SinkModule). */
export function createSinkFactory(): SinkFactory<'record'> {
  return createRecordSinkFactory();
}

/** The stream worker's `record` sink: a CameraRecorder per recorded session. */
export function createRecordSinkFactory(clock: Clock = systemClock, fs?: RecordingFs): SinkFactory<'record'> {
  const recorders = createWorkerRecorderFactory(clock, fs);
  return (cameraId, settings, report): FrameSink => {
    const gate = motionGateSettingsOf((settings as WorkerRecordSettings).onMotion);
    const recorder = recorders(cameraId, settings, report);
    if (gate) {
      const gated = new MotionGate(recorder, gate);
      return {
        pushFrame: (frame) => gated.pushFrame(frame),
        control: (control) => gated.control(control),
        close: () => recorder.close(),
      };
    }
    return {
      pushFrame: (frame) => recorder.pushFrame(frame.jpeg, frame.receivedAtWallMs, frame.monoMs, frame.width, frame.height),
      // Recording everything: motion changes nothing here.
      control: () => {},
      close: () => recorder.close(),
    };
  };
}

/** CameraRecorders that share one registry connection per database file (one worker's). */
export function createWorkerRecorderFactory(clock: Clock = systemClock, fs?: RecordingFs) {
  const connections = new Map<string, { db: Database; index: SegmentIndex }>();
  return (cameraId: string, settings: WorkerRecordSettings, onEvent: (event: RecorderEvent) => void): CameraRecorder => {
    const file = typeof settings.database === 'string' ? settings.database : join(settings.directory, 'index.sqlite');
    let connection = connections.get(file);
    if (!connection) {
      const db = openDatabase(file);
      connection = { db, index: new SegmentIndex(db) };
      connections.set(file, connection);
    }
    const rotation: Partial<RotationPolicy> = {};
    if (typeof settings.segmentSeconds === 'number') rotation.maxSegmentMs = settings.segmentSeconds * 1000;
    if (typeof settings.segmentBytes === 'number') rotation.maxSegmentBytes = settings.segmentBytes;
    return new CameraRecorder({
      cameraId, root: settings.directory, index: connection.index, clock, rotation, syncInBackground: true, onEvent, ...(fs ? { fs } : {}),
    });
  };
}
