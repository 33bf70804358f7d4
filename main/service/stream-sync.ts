// Keeps the StreamManager in step with the registry. Every camera change (and a settings change
// that touches streams) recomputes the whole list of stream configs and hands it to
// StreamManager.setCameras, which diffs it: an added camera is registered, a removed one
// stopped, and only a camera whose target (URL, credentials, pin) or stall time changed is
// restarted; renaming or reordering restarts nothing. Disabled cameras are left out, so they
// never connect. A camera connects when someone subscribes (or it records); see docs/streams.md.
//
// A camera with a smaller tile stream gets a second stream entry of kind 'live-sub' (see
// shared/stream-key.ts), which connects only while a tile subscribes to it.
import { cameraStreamUrl, hasSubStream, type Camera } from '../../shared/camera.ts';
import { liveStream, type LiveStreamKey } from '../../shared/stream-key.ts';
import type { CameraRepository } from '../registry/cameras.ts';
import type { CameraTarget } from '../stream/camera-session.ts';
import type { CameraConfig } from '../stream/stream-manager.ts';
import type { MotionSinkSettings, RecordSettings } from '../stream/frame-sink.ts';

/** The live stream a tile asking for `stream` gets: the tile stream only when the camera has one. */
export function liveStreamOf(camera: Camera, stream: 'main' | 'sub'): LiveStreamKey {
  return liveStream(camera.id, stream === 'sub' && hasSubStream(camera) ? 'sub' : 'main');
}

/** What StreamSync needs of the StreamManager (an interface so tests can watch the calls). */
export interface StreamTargets {
  setCameras(configs: CameraConfig[]): void;
}

export type StreamSyncOptions = {
  /** Milliseconds without a frame before a live stream counts as stalled. */
  stallMs: () => number;
  /** A camera whose password cannot be read (other secret store) streams without it and says so. */
  onCredentialError?(cameraId: string, error: unknown): void;
  /**
   * The recorder settings of a camera that should record now (main stream only), undefined
   * otherwise. A change of them switches the session's recorder sink, connection kept: off
   * finishes the segment.
   */
  record?(camera: Camera): RecordSettings | undefined;
  /**
   * The motion detector's settings for one of the camera's streams (the smaller one when it has
   * one), undefined for the other and when the detector is off. Like `record`, a change switches
   * the session's sink and keeps the connection, which stays up unwatched while the detector runs.
   */
  motion?(camera: Camera, stream: 'main' | 'sub'): MotionSinkSettings | undefined;
};

export class StreamSync {
  #cameras: CameraRepository;
  #streams: StreamTargets;
  #options: StreamSyncOptions;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(cameras: CameraRepository, streams: StreamTargets, options: StreamSyncOptions) {
    this.#cameras = cameras;
    this.#streams = streams;
    this.#options = options;
  }

  /**
   * Brings the streams in line with the registry. Calls made while one runs coalesce into one
   * more run, so a burst of edits costs two passes, and the last state always wins.
   */
  sync(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          this.#streams.setCameras(await this.#configs());
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  async #configs(): Promise<CameraConfig[]> {
    const configs: CameraConfig[] = [];
    const stallMs = this.#options.stallMs();
    for (const camera of this.#cameras.list()) {
      if (!camera.enabled) continue;
      const credentials = await this.#credentials(camera);
      const base = {
        ...(credentials.username !== null ? { username: credentials.username } : {}),
        ...(credentials.password !== null ? { password: credentials.password } : {}),
        ...(camera.scheme === 'https' && camera.certSha256 !== null ? { fingerprint256: camera.certSha256 } : {}),
        ...(camera.allowBasicAfterDigest ? { allowBasicAfterDigest: true } : {}),
      };
      const main: CameraTarget = { url: cameraStreamUrl(camera, 'main'), ...base };
      const record = this.#options.record?.(camera);
      const motion = (stream: 'main' | 'sub') => {
        const settings = this.#options.motion?.(camera, stream);
        return settings ? { motion: settings } : {};
      };
      configs.push({ id: camera.id, name: camera.name, target: main, stallMs, ...(record ? { record } : {}), ...motion('main') });
      if (hasSubStream(camera)) {
        const sub: CameraTarget = { url: cameraStreamUrl(camera, 'sub'), ...base };
        configs.push({ id: camera.id, kind: 'live-sub', name: `${camera.name} (tile stream)`, target: sub, stallMs, ...motion('sub') });
      }
    }
    return configs;
  }

  async #credentials(camera: Camera): Promise<{ username: string | null; password: string | null }> {
    try {
      return await this.#cameras.getCredentials(camera.id);
    } catch (error) {
      this.#options.onCredentialError?.(camera.id, error);
      return { username: camera.username, password: null };
    }
  }
}
