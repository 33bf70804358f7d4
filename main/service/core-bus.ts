// The core's internal bus: things one part of the core learns and others act on, in process,
// typed. A typed EventEmitter, the pattern StreamManager already uses for its 'status' and
// 'stats'; the PushBus beside it is the API's outbox to windows and browsers, not for this.
//
// 'camera.motion' is the camera's own motion detection (from its VAPIX event stream,
// docs/axis-events.md): { cameraId, source: 'camera', state, atMs, topic }, 'start' when motion
// begins and 'end' when it stops, at most one 'start' before each 'end' per camera. Camwall's own
// detector reports to the motion service directly, not here. Listeners must not throw (a
// throwing listener is reported to the core's log and the others still run).
import { EventEmitter } from 'node:events';
import type { AxisEventKind } from '../stream/vapix-events/topics.ts';

/** Only the camera's own detection travels on the bus (Camwall's detector reports to MotionService). */
export type MotionSource = 'camera';

export type CameraMotionEvent = {
  cameraId: string;
  source: MotionSource;
  state: 'start' | 'end';
  /** Wall-clock ms (the core's Clock) when Camwall learned it. */
  atMs: number;
  /** Where it came from: the Axis topic for source 'camera'. */
  topic: string;
};

/** Any event of the camera's own event stream (motion included), as logged. */
export type CameraDeviceEvent = {
  cameraId: string;
  kind: AxisEventKind;
  active: boolean;
  atMs: number;
  topic: string;
  /** Input port for kind 'input', else null. */
  port: string | null;
};

export type CoreBusEvents = {
  'camera.motion': [CameraMotionEvent];
  'camera.device-event': [CameraDeviceEvent];
};

export class CoreBus extends EventEmitter<CoreBusEvents> {
  readonly #onListenerError: (error: unknown, name: keyof CoreBusEvents) => void;

  constructor(onListenerError: (error: unknown, name: keyof CoreBusEvents) => void = () => {}) {
    super({ captureRejections: false });
    this.#onListenerError = onListenerError;
  }

  /** Like emit(), but one listener that throws neither stops the others nor reaches the emitter. */
  publish<E extends keyof CoreBusEvents>(name: E, ...args: CoreBusEvents[E]): void {
    for (const listener of this.listeners(name) as Array<(...a: CoreBusEvents[E]) => void>) {
      try {
        listener(...args);
      } catch (error) {
        this.#onListenerError(error, name);
      }
    }
  }
}
