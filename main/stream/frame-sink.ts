// Frame sinks: what a stream worker hands every frame of a session to, in the worker, before any
// frame is dropped for display. The recorder is one (main/recording/worker-recorder.ts); a motion
// detector will be the next. Sinks are switched by worker messages (`start` carries a session's
// first set, `sinks` changes it), never by restarting the session: the camera's connection and
// its viewers do not notice. A sink that fails is closed and reported; the session goes on.
//
// This file is the contract between the stream worker, which hosts the sinks and carries their
// settings and reports, and the layers that implement them: it imports nothing of theirs.

/** One frame as a sink sees it. `jpeg` is valid only during the call (its socket read is freed right after). */
export type SinkFrame = { jpeg: Buffer; receivedAtWallMs: number; monoMs: number; width: number; height: number };

export interface FrameSink {
  /** Takes one frame; returns quickly. A throw is caught by the worker: the sink is closed and reported. */
  pushFrame(frame: SinkFrame): void;
  /** Finishes what the sink holds (the recorder finishes its segment: status complete). */
  close(): Promise<void>;
}

/** The recorder's own settings; the stream worker only carries them to the recorder's factory. */
export type RecordSettings = { directory: string; [setting: string]: unknown };

/** The sinks a session runs and their settings; null is off. */
export type SinkSettings = { record: RecordSettings | null };
export type SinkKind = keyof SinkSettings;
export const SINK_KINDS: readonly SinkKind[] = ['record'];
export const NO_SINKS: SinkSettings = { record: null };

/** Makes a sink for one session; `onError` reports a failure the sink survives or stops on. */
export type SinkFactory<K extends SinkKind> = (
  cameraId: string,
  settings: NonNullable<SinkSettings[K]>,
  onError: (error: unknown) => void,
) => FrameSink;

export type SinkFactories = { [K in SinkKind]: SinkFactory<K> };
