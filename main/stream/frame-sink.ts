// Frame sinks: what a stream worker hands every frame of a session to, in the worker, before any
// frame is dropped for display. The recorder is one (main/recording/worker-recorder.ts); a motion
// detector will be the next. Sinks are switched by worker messages (`start` carries a session's
// first set, `sinks` changes it), never by restarting the session: the camera's connection and
// its viewers do not notice. A sink that fails is closed and reported; the session goes on.
//
// This file is the contract between the stream worker, which hosts the sinks and carries their
// settings and reports, and the layers that implement them (they import it, never the reverse;
// the worker finds their modules by URL, see SinkModule).

import type { MotionConfig, MotionReport } from '../../shared/motion.ts';

/** One frame as a sink sees it. `jpeg` is valid only during the call (its socket read is freed right after). */
export type SinkFrame = { jpeg: Buffer; receivedAtWallMs: number; monoMs: number; width: number; height: number };

export interface FrameSink<Control = never> {
  /** Takes one frame; returns quickly. A throw is caught by the worker: the sink is closed and reported. */
  pushFrame(frame: SinkFrame): void;
  /**
   * Changes what the running sink does with frames, without remaking it (worker message
   * `sink-control`): the recorder's motion gate opens and closes this way. A throw is handled as
   * pushFrame's is.
   */
  control?(control: Control): void;
  /** Finishes what the sink holds (the recorder finishes its segment: status complete). */
  close(): Promise<void>;
}

/** The recorder's own settings; the stream worker only carries them to the recorder's factory. */
export type RecordSettings = { directory: string; [setting: string]: unknown };

/**
 * Motion began (`startWallMs`: its first moving frame's capture time) or ended (`endWallMs`: its
 * last one) for the camera a recorder records. Only a recorder set to record on motion acts on it.
 */
export type RecordControl = { motion: true; startWallMs: number } | { motion: false; endWallMs: number };

/** What each kind of sink can be told while it runs (none for the detector). */
export type SinkControls = { record: RecordControl; motion: never };

/** The motion detector's settings (the camera's, see shared/motion.ts), carried to its factory. */
export type MotionSinkSettings = MotionConfig;

/** The sinks a session runs and their settings; null is off. */
export type SinkSettings = { record: RecordSettings | null; motion: MotionSinkSettings | null };
export type SinkKind = keyof SinkSettings;
export const SINK_KINDS: readonly SinkKind[] = ['record', 'motion'];
export const NO_SINKS: SinkSettings = { record: null, motion: null };

/** A row a sink wrote into the registry's event log, sent along so nobody has to read it back. */
export type LoggedEvent = { id: number; atMs: number; kind: string; message: string; data: unknown };

/** Why recording stopped: the disk is full, the folder cannot be written, or another write or sync failed. */
export type RecorderFailureCode = 'disk-full' | 'unwritable' | 'io';

/** What a recorder reports about itself, each naming the camera it records. */
export type RecorderEvent = { cameraId: string; logged?: LoggedEvent } & (
  | { code: 'segment-started'; path: string; startWallMs: number; width: number; height: number }
  | { code: 'segment-finished'; path: string; frames: number; bytes: number; durationMs: number }
  /** `errno` is the failed call's code (ENOSPC, EACCES…); `root` the recordings folder. Once per outage. */
  | { code: RecorderFailureCode; message: string; errno: string | null; root: string }
  /** A frame was written again after a failure. */
  | { code: 'resumed' }
  /** The recorder was closed while writing (recording turned off, the schedule ended, the camera removed, Camwall quit). */
  | { code: 'stopped'; path: string }
);

/** Any sink that could not be loaded or made, or that threw: it is closed, its session goes on. */
export type SinkFailed = { cameraId: string; code: 'sink-failed'; message: string };

/** What each kind of sink reports to the main thread. */
export type SinkEvents = { record: RecorderEvent | SinkFailed; motion: MotionReport | SinkFailed };

/** A sink's report as it travels from the worker: the kind of sink and its structured event. */
export type SinkReport = { [K in SinkKind]: { sink: K; event: SinkEvents[K] } }[SinkKind];

/** Makes a sink for one session; `report` sends its events to the main thread. */
export type SinkFactory<K extends SinkKind> = (
  cameraId: string,
  settings: NonNullable<SinkSettings[K]>,
  report: (event: SinkEvents[K]) => void,
) => FrameSink<SinkControls[K]>;

export type SinkFactories = { [K in SinkKind]: SinkFactory<K> };

/**
 * A module that makes one kind of sink in a stream worker. The app hands StreamManager their URLs
 * (`sinkModules`) and the worker imports one on the first session that needs it: the stream layer
 * never imports the layers that implement its sinks.
 */
export type SinkModule<K extends SinkKind> = { createSinkFactory(): SinkFactory<K> };
export type SinkModuleUrls = Partial<Record<SinkKind, URL>>;
