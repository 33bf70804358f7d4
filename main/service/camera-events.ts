// The cameras' own events (docs/axis-events.md): one EventStreamClient per VAPIX camera that has
// `vapixEvents` on, kept in step with the registry like the video streams. Each change of state
// the camera reports is logged in the event log with a readable title, published on the core bus
// ('camera.device-event'), and motion also as the camera's motion source ('camera.motion').
// A camera without the event stream is noticed once (one log line) and left alone.
import { cameraOrigin, type Camera } from '../../shared/camera.ts';
import type { Clock } from '../base/clock.ts';
import type { Registry } from '../registry/registry.ts';
import type { RegistryEvent } from '../registry/event-log.ts';
import type { Backoff } from '../stream/backoff.ts';
import { EventStreamClient, type EventStreamState, type EventStreamTarget } from '../stream/vapix-events/event-stream-client.ts';
import type { AxisEvent, AxisEventKind } from '../stream/vapix-events/topics.ts';
import type { CoreBus } from './core-bus.ts';

/** A camera flapping an input or motion at high rate logs at most this many events a minute; the rest are counted. */
export const MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE = 60;
const MINUTE_MS = 60_000;

export type CameraEventServiceOptions = {
  registry: Registry;
  bus: CoreBus;
  clock: Clock;
  log: (line: string) => void;
  /** Each logged entry, for the API's 'events.appended'. */
  onLogged: (entry: RegistryEvent) => void;
  /** Tests make reconnects quick. */
  backoff?: () => Backoff;
};

type Entry = {
  camera: Camera;
  targetKey: string;
  client: EventStreamClient;
  /** Last known state per topic (and input port); absent until the camera reported it. */
  states: Map<string, boolean>;
  motionTopic: string | null;
  lastState: EventStreamState['state'] | null;
  window: { startMs: number; logged: number; suppressed: number };
};

export class CameraEventService {
  #options: CameraEventServiceOptions;
  #entries = new Map<string, Entry>();
  #states = new Map<string, EventStreamState>();
  #syncing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: CameraEventServiceOptions) {
    this.#options = options;
  }

  /** The event stream's state per camera (absent: not followed). */
  state(cameraId: string): EventStreamState | null {
    return this.#states.get(cameraId) ?? null;
  }

  /** Starts, restarts and stops clients to match the registry; calls coalesce in order. */
  sync(): Promise<void> {
    this.#syncing = this.#syncing.then(() => this.#sync()).catch((error: unknown) => this.#options.log(`camera events: could not follow the camera list: ${messageOf(error)}`));
    return this.#syncing;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.sync();
  }

  async #sync(): Promise<void> {
    const wanted = new Map<string, Camera>();
    if (!this.#closed) for (const camera of this.#options.registry.cameras.list()) if (camera.enabled && camera.kind === 'vapix' && camera.vapixEvents) wanted.set(camera.id, camera);
    for (const [id, entry] of [...this.#entries]) {
      const camera = wanted.get(id);
      if (camera === undefined || targetKey(camera) !== entry.targetKey) await this.#stop(entry);
    }
    for (const camera of wanted.values()) {
      if (this.#entries.has(camera.id)) continue;
      let credentials: { username: string | null; password: string | null };
      try {
        credentials = await this.#options.registry.cameras.getCredentials(camera.id);
      } catch (error) {
        this.#options.log(`camera ${camera.id} (${camera.name}): its events are followed without its password: ${messageOf(error)}`);
        credentials = { username: camera.username, password: null };
      }
      this.#start(camera, credentials);
    }
  }

  #start(camera: Camera, credentials: { username: string | null; password: string | null }): void {
    const target: EventStreamTarget = {
      origin: cameraOrigin(camera),
      channel: camera.channel ?? 1,
      ...(credentials.username !== null && credentials.password !== null ? { username: credentials.username, password: credentials.password } : {}),
      ...(camera.scheme === 'https' && camera.certSha256 !== null ? { fingerprint256: camera.certSha256 } : {}),
    };
    const entry: Entry = {
      camera,
      targetKey: targetKey(camera),
      states: new Map(),
      motionTopic: null,
      lastState: null,
      window: { startMs: this.#options.clock.monotonic(), logged: 0, suppressed: 0 },
      client: null as unknown as EventStreamClient,
    };
    entry.client = new EventStreamClient({
      target,
      clock: this.#options.clock,
      onEvent: (event) => this.#onEvent(entry, event),
      onState: (state) => this.#onState(entry, state),
      ...(this.#options.backoff ? { backoff: this.#options.backoff() } : {}),
    });
    this.#entries.set(camera.id, entry);
    entry.client.start();
  }

  async #stop(entry: Entry): Promise<void> {
    this.#entries.delete(entry.camera.id);
    await entry.client.stop();
    this.#states.delete(entry.camera.id);
  }

  #onState(entry: Entry, state: EventStreamState): void {
    const { camera } = entry;
    const previous = entry.lastState;
    entry.lastState = state.state;
    if (state.state === 'stopped' && this.#entries.get(camera.id) !== entry) {
      this.#endMotion(entry, 'event stream stopped');
      return;
    }
    this.#states.set(camera.id, state);
    const who = `camera ${camera.id} (${camera.name})`;
    // One line per change of state, never one per retry: a camera without the endpoint or with a
    // wrong password says so once.
    if (state.state === previous) return;
    if (state.state === 'live') this.#options.log(`${who}: following the camera's own events (motion, tampering, day/night, inputs)`);
    else if (state.state === 'unsupported') this.#options.log(`${who}: no VAPIX event stream (${state.reason}); the camera's own events are not used`);
    else if (state.state === 'auth-failed') this.#options.log(`${who}: the camera's event stream refused the credentials (${state.reason}); trying again in a minute`);
    else if (state.state === 'offline' && previous === 'live') {
      this.#options.log(`${who}: the camera's event stream dropped (${state.reason}); reconnecting`);
      this.#endMotion(entry, 'event stream dropped');
      // After a reconnect the camera reports every state again; compare with nothing stale.
      entry.states.clear();
    }
  }

  #onEvent(entry: Entry, event: AxisEvent): void {
    const key = `${event.topic}|${event.port ?? ''}`;
    const before = entry.states.get(key);
    entry.states.set(key, event.active);
    // The first report of a topic is its current state: only an active one is news.
    if (before === event.active || (before === undefined && !event.active)) return;
    const { camera } = entry;
    const atMs = this.#options.clock.now();
    this.#options.bus.publish('camera.device-event', { cameraId: camera.id, kind: event.kind, active: event.active, atMs, topic: event.topic, port: event.port });
    this.#record(entry, event, atMs);
    if (event.kind === 'motion') this.#updateMotion(entry, event.topic, atMs);
  }

  /** Motion is on while any motion topic is (VMD4 and the older motion alarm may both report it). */
  #updateMotion(entry: Entry, topic: string, atMs: number): void {
    const anyActive = [...entry.states].some(([key, active]) => active && isMotionKey(key));
    if (anyActive && entry.motionTopic === null) {
      entry.motionTopic = topic;
      this.#options.bus.publish('camera.motion', { cameraId: entry.camera.id, source: 'camera', state: 'start', atMs, topic });
    } else if (!anyActive && entry.motionTopic !== null) {
      entry.motionTopic = null;
      this.#options.bus.publish('camera.motion', { cameraId: entry.camera.id, source: 'camera', state: 'end', atMs, topic });
    }
  }

  /** Motion that was on when the stream went away ends there: no 'start' is left without its 'end'. */
  #endMotion(entry: Entry, why: string): void {
    if (entry.motionTopic === null) return;
    const topic = entry.motionTopic;
    entry.motionTopic = null;
    this.#options.bus.publish('camera.motion', { cameraId: entry.camera.id, source: 'camera', state: 'end', atMs: this.#options.clock.now(), topic });
    this.#record(entry, null, this.#options.clock.now(), `Motion no longer known (${why})`);
  }

  #record(entry: Entry, event: AxisEvent | null, atMs: number, message?: string): void {
    const { window } = entry;
    const now = this.#options.clock.monotonic();
    if (now - window.startMs >= MINUTE_MS) {
      if (window.suppressed > 0) this.#insert(entry, 'camera-event.suppressed', atMs, `${window.suppressed} more events of the camera were not logged (over ${MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE} a minute)`, null);
      entry.window = { startMs: now, logged: 0, suppressed: 0 };
    }
    if (entry.window.logged >= MAX_LOGGED_CAMERA_EVENTS_PER_MINUTE) {
      entry.window.suppressed += 1;
      return;
    }
    entry.window.logged += 1;
    const kind: AxisEventKind = event?.kind ?? 'motion';
    this.#insert(entry, `camera-event.${kind}`, atMs, message ?? titleOf(event!), event === null ? null : { topic: event.topic, active: event.active, ...(event.port === null ? {} : { port: event.port }), ...(event.cameraAtMs === null ? {} : { cameraAtMs: event.cameraAtMs }) });
  }

  #insert(entry: Entry, kind: string, atMs: number, message: string, data: unknown): void {
    try {
      this.#options.onLogged(this.#options.registry.events.insert({ atMs, cameraId: entry.camera.id, kind, message, ...(data === null ? {} : { data }) }));
    } catch (error) {
      this.#options.log(`camera ${entry.camera.id} (${entry.camera.name}): could not write its event to the event log: ${messageOf(error)}`);
    }
  }
}

/** The event log's title of a change the camera reported. */
export function titleOf(event: AxisEvent): string {
  switch (event.kind) {
    case 'motion':
      return event.active ? `Motion (the camera's own motion detection, ${event.label.replace(/^motion \(|\)$/g, '')})` : "Motion ended (the camera's own motion detection)";
    case 'tampering':
      return event.active ? 'The camera reports tampering (covered, moved or blurred)' : 'The camera no longer reports tampering';
    case 'day-night':
      return event.active ? 'The camera switched to night mode' : 'The camera switched to day mode';
    case 'input':
      return `Digital input ${event.port ?? '?'} ${event.active ? 'on' : 'off'}`;
  }
}

function isMotionKey(key: string): boolean {
  return key.startsWith('tnsaxis:CameraApplicationPlatform/VMD/') || key.startsWith('tns1:VideoSource/MotionAlarm|');
}

/** What a client connects with; any saved change of the camera (a new password included) restarts it. */
function targetKey(camera: Camera): string {
  return JSON.stringify([cameraOrigin(camera), camera.channel, camera.username, camera.certSha256, camera.updatedMs]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
