// Recording on motion: the recorder sink of a camera set to record on motion. Frames go into a
// pre-roll buffer (the last preRollMs and some slack, at most maxBufferBytes, the oldest frames
// dropped first) until the main thread says motion began (`sink-control`); then the buffered
// frames from preRollMs before the first moving frame (or the one just before) are written, with their own capture times,
// and every frame after them, until postRollMs after the last moving frame. Then the segment is
// finished and the buffer fills again. The session and its connection never change.
import type { RecordControl, SinkFrame } from '../stream/frame-sink.ts';

/** Pre-roll kept per camera at most, in bytes (a VGA stream at 15 fps fills it in about 25 s). */
export const MAX_PRE_ROLL_BYTES = 16 * 1024 * 1024;
/**
 * Kept beyond the pre-roll: motion is known here only after the detector's make time, the
 * detector's thread hop to the main thread and back (or the camera's event's trip), and the
 * buffer must still reach preRollMs before the first moving frame then.
 */
export const PRE_ROLL_SLACK_MS = 3_000;

export type MotionGateSettings = { preRollMs: number; postRollMs: number; maxBufferBytes: number };

/** What the gate writes to: a CameraRecorder. */
export type GatedRecorder = {
  pushFrame(jpeg: Uint8Array, receivedAtWallMs: number, monoMs: number, width: number, height: number): void;
  endSegment(): void;
};

type Buffered = { jpeg: Buffer; wallMs: number; monoMs: number; width: number; height: number };

export class MotionGate {
  readonly #recorder: GatedRecorder;
  readonly #settings: MotionGateSettings;
  #buffer: Buffered[] = [];
  #head = 0;
  #bytes = 0;
  /** Buffering (no motion), recording (motion), or finishing the post-roll until stopAtWallMs. */
  #state: 'buffering' | 'recording' | 'post-roll' = 'buffering';
  #stopAtWallMs = 0;

  constructor(recorder: GatedRecorder, settings: MotionGateSettings) {
    if (!(settings.maxBufferBytes > 0)) throw new RangeError(`maxBufferBytes must be above 0, got ${settings.maxBufferBytes}`);
    this.#recorder = recorder;
    this.#settings = settings;
  }

  /** Bytes of JPEG held for the pre-roll now. */
  get bufferedBytes(): number {
    return this.#bytes;
  }

  get bufferedFrames(): number {
    return this.#buffer.length - this.#head;
  }

  get recording(): boolean {
    return this.#state !== 'buffering';
  }

  pushFrame(frame: SinkFrame): void {
    if (this.#state === 'post-roll' && frame.receivedAtWallMs > this.#stopAtWallMs) {
      this.#state = 'buffering';
      this.#recorder.endSegment();
    }
    if (this.#state !== 'buffering') {
      this.#recorder.pushFrame(frame.jpeg, frame.receivedAtWallMs, frame.monoMs, frame.width, frame.height);
      return;
    }
    // The frame's bytes live only during this call (its socket read is freed after): copy them.
    this.#buffer.push({ jpeg: Buffer.from(frame.jpeg), wallMs: frame.receivedAtWallMs, monoMs: frame.monoMs, width: frame.width, height: frame.height });
    this.#bytes += frame.jpeg.length;
    this.#trim(frame.receivedAtWallMs);
  }

  control(control: RecordControl): void {
    if (control.motion) {
      if (this.#state === 'buffering') this.#flushFrom(control.startWallMs - this.#settings.preRollMs);
      this.#state = 'recording';
    } else if (this.#state === 'recording') {
      this.#state = 'post-roll';
      this.#stopAtWallMs = control.endWallMs + this.#settings.postRollMs;
    }
  }

  /** Drops what is older than the pre-roll and its slack, then the oldest frames over the byte bound. */
  #trim(newestWallMs: number): void {
    const oldest = newestWallMs - this.#settings.preRollMs - PRE_ROLL_SLACK_MS;
    while (this.#head < this.#buffer.length) {
      const first = this.#buffer[this.#head]!;
      if (first.wallMs >= oldest && this.#bytes <= this.#settings.maxBufferBytes) break;
      this.#bytes -= first.jpeg.length;
      this.#buffer[this.#head] = undefined as never;
      this.#head++;
    }
    // Compact now and then, so the array does not grow with the frames that went.
    if (this.#head > 256 && this.#head * 2 > this.#buffer.length) {
      this.#buffer = this.#buffer.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Writes the buffered frames from the last one captured at or before `fromWallMs` (so the pre-roll is whole) on. */
  #flushFrom(fromWallMs: number): void {
    let first = this.#head;
    for (let i = this.#head; i < this.#buffer.length && this.#buffer[i]!.wallMs <= fromWallMs; i++) first = i;
    for (let i = first; i < this.#buffer.length; i++) {
      const frame = this.#buffer[i]!;
      this.#recorder.pushFrame(frame.jpeg, frame.wallMs, frame.monoMs, frame.width, frame.height);
    }
    this.#buffer = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}

/** The gate's settings from a recorder's `onMotion` settings; null when it records everything. */
export function motionGateSettingsOf(onMotion: unknown): MotionGateSettings | null {
  if (typeof onMotion !== 'object' || onMotion === null) return null;
  const o = onMotion as Record<string, unknown>;
  const ms = (value: unknown, name: string) => {
    if (typeof value !== 'number' || !(value >= 0)) throw new RangeError(`onMotion.${name} must be a number of ms, 0 or more; got ${String(value)}`);
    return value;
  };
  return {
    preRollMs: ms(o.preRollMs, 'preRollMs'),
    postRollMs: ms(o.postRollMs, 'postRollMs'),
    maxBufferBytes: o.maxBufferBytes === undefined ? MAX_PRE_ROLL_BYTES : ms(o.maxBufferBytes, 'maxBufferBytes'),
  };
}
