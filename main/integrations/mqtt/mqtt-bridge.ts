// The MQTT bridge: the core's pushes (camera states, motion events, camera list changes) turned
// into retained state topics, events, snapshots and Home Assistant discovery configs, and the
// broker's commands turned into registry changes when the user allowed remote control.
//
// Everything it publishes as state sits in one map (topic → latest message); every connection
// (a restarted broker, a new URL) and every `homeassistant/status online` queues that map again,
// so the broker and Home Assistant get the whole picture back without asking. Publishing only
// ever puts into the bounded Outbox: a broker that is down or slow never blocks a push listener,
// so it never slows a camera.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../base/clock.ts';
import type { Registry } from '../../registry/registry.ts';
import type { PushBus } from '../../../shared/api/push-bus.ts';
import type { Camera } from '../../../shared/camera.ts';
import type { CameraState } from '../../../shared/camera-status.ts';
import type { Frame } from '../../../shared/frame.ts';
import type { MqttSettings, MqttState, MqttStatus } from '../../../shared/integrations.ts';
import type { MotionEvent } from '../../../shared/motion.ts';
import { BrokerLink, type LinkConfig } from './broker-link.ts';
import type { MqttPasswordStore } from './mqtt-password.ts';
import { Outbox, type OutMessage } from './outbox.ts';
import { discoveryConfigs, eventPayload, HA_STATUS_TOPIC, removedCameraTopics, statusPayload, topicsOf, type Topics } from './topics.ts';

/** Motion events remembered to tell `new` from `update` (the newest; older ones are forgotten). */
export const MAX_TRACKED_EVENTS = 1_000;
/** Largest command payload read (ON, OFF and the like). */
export const MAX_COMMAND_BYTES = 64;

/** `camwall serve --mqtt URL`: a broker for this run, over the stored settings, not saved. */
export type MqttOverride = { url: string; username: string | null; password: string | null };

export type MqttBridgeDeps = {
  clock: Clock;
  events: PushBus;
  registry: Registry;
  passwords: MqttPasswordStore;
  version: string;
  cameraState(cameraId: string): CameraState | null;
  /** The camera's latest frame (or null when none comes soon). */
  latestFrame(cameraId: string): Promise<Frame | null>;
  /** A motion event's stored thumbnail, where motion is wired in. */
  thumbnail?(eventId: number): Promise<Uint8Array | null>;
  override?: MqttOverride;
  log(line: string): void;
};

export class MqttBridge {
  readonly #d: MqttBridgeDeps;
  readonly #outbox = new Outbox();
  readonly #state = new Map<string, OutMessage>();
  readonly #seenEvents = new Set<number>();
  readonly #lastSnapshot = new Map<string, number>();
  /** Camera names by id, kept from the registry's changes (a motion event must not query SQLite). */
  readonly #names = new Map<string, string>();
  readonly #clientId = `camwall-${randomBytes(4).toString('hex')}`;
  readonly #offs: Array<() => void> = [];
  #link: BrokerLink | null = null;
  #linkKey = '';
  #settings: MqttSettings;
  #topics: Topics;
  #status: MqttStatus;
  #closed = false;
  #applying: Promise<void> = Promise.resolve();

  constructor(deps: MqttBridgeDeps) {
    this.#d = deps;
    this.#settings = this.#effectiveSettings();
    this.#topics = topicsOf(this.#settings.topicPrefix);
    this.#status = { state: 'off', message: null, url: null, hasPassword: false, connectedAtMs: null, queued: 0, dropped: 0 };
    const { events, registry } = deps;
    for (const camera of registry.cameras.list()) this.#names.set(camera.id, camera.name);
    this.#offs.push(
      events.on('camera.status', ({ cameraId, status }) => this.#put(this.#topics.status(cameraId), statusPayload(status.state))),
      events.on('motion.event', ({ event }) => this.#motion(event)),
      registry.changes.subscribe((change) => {
        if (change.entity === 'settings' && change.keys.includes('mqtt')) void this.apply();
        if (change.entity !== 'camera') return;
        if (change.type === 'removed') {
          this.#names.delete(change.camera.id);
          this.#removeCamera(change.camera.id);
        } else if (change.type === 'added' || change.type === 'updated') {
          this.#names.set(change.camera.id, change.camera.name);
          this.#publishCamera(change.camera);
        }
      }),
    );
    void this.apply();
  }

  status(): MqttStatus {
    return { ...this.#status, queued: this.#outbox.size, dropped: this.#outbox.dropped, hasPassword: this.#d.override ? this.#d.override.password !== null : this.#d.passwords.has() };
  }

  /** Keeps (or removes) the broker password and reconnects with it. */
  async setPassword(password: string | null): Promise<MqttStatus> {
    await this.#d.passwords.set(password);
    this.#linkKey = ''; // same settings, new password: reconnect
    await this.apply();
    return this.status();
  }

  /** Reads the settings and (re)connects when the connection's part changed. Serialised. */
  apply(): Promise<void> {
    this.#applying = this.#applying.then(() => this.#apply()).catch((error: unknown) => this.#d.log(`mqtt: ${(error as Error).message}`));
    return this.#applying;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const off of this.#offs) off();
    await this.#applying;
    await this.#link?.close();
    this.#link = null;
  }

  async #apply(): Promise<void> {
    if (this.#closed) return;
    const previous = this.#settings;
    const settings = (this.#settings = this.#effectiveSettings());
    const key = JSON.stringify([settings.enabled, settings.url, settings.username, settings.caFile, settings.fingerprint256, settings.topicPrefix]);
    if (key === this.#linkKey) {
      if (previous.discovery !== settings.discovery || previous.remoteControl !== settings.remoteControl) this.#publishAll();
      return;
    }
    this.#linkKey = key;
    await this.#link?.close();
    this.#link = null;
    this.#outbox.clear();
    this.#state.clear();
    this.#topics = topicsOf(settings.topicPrefix);
    if (!settings.enabled || settings.url === null) {
      this.#setStatus('off', settings.enabled ? 'Give the broker URL to connect.' : null);
      return;
    }
    let password: string | null;
    try {
      password = this.#d.override ? this.#d.override.password : await this.#d.passwords.get();
    } catch (error) {
      this.#setStatus('error', (error as Error).message);
      return;
    }
    const config: LinkConfig = {
      url: settings.url,
      username: settings.username,
      password,
      caFile: settings.caFile,
      fingerprint256: settings.fingerprint256,
      clientId: this.#clientId,
      will: { topic: this.#topics.available, payload: 'offline' },
    };
    this.#publishAll();
    // A link being replaced may still report (a CONNACK in flight): only the current one counts.
    // (While the constructor runs, #link is still null and `link` not yet assigned: null first.)
    const link: BrokerLink = new BrokerLink(config, this.#d.clock, this.#outbox, {
      onState: (state, message) => (this.#link === null || this.#link === link) && this.#setStatus(state, message),
      onConnected: () => this.#link === link && this.#publishAll(),
      onMessage: (topic, payload) => this.#link === link && this.#message(topic, payload),
    });
    this.#link = link;
    this.#link.subscribe([this.#topics.recordingSetFilter, HA_STATUS_TOPIC]);
  }

  #effectiveSettings(): MqttSettings {
    const stored = this.#d.registry.settings.get('mqtt');
    const o = this.#d.override;
    return o ? { ...stored, enabled: true, url: o.url, username: o.username } : stored;
  }

  #setStatus(state: MqttState, message: string | null): void {
    const connectedAtMs = state === 'connected' ? this.#d.clock.now() : this.#status.connectedAtMs;
    const changed = state !== this.#status.state || message !== this.#status.message;
    this.#status = { ...this.#status, state, message, url: this.#settings.url, connectedAtMs };
    if (message !== null && changed) this.#d.log(`mqtt: ${message}`);
    if (changed) this.#d.events.emit('mqtt.status', { status: this.status() });
  }

  /** The whole state again (after a connect, a settings change, Home Assistant's birth). */
  #publishAll(): void {
    for (const camera of this.#d.registry.cameras.list()) this.#publishCamera(camera);
    for (const message of this.#state.values()) this.#outbox.put(message);
    this.#link?.pump();
  }

  #publishCamera(camera: Camera): void {
    const t = this.#topics;
    if (!this.#state.has(t.status(camera.id))) this.#put(t.status(camera.id), statusPayload(this.#d.cameraState(camera.id)));
    if (!this.#state.has(t.motion(camera.id))) this.#put(t.motion(camera.id), 'OFF');
    this.#put(t.recording(camera.id), camera.recordMode === 'off' || !camera.enabled ? 'OFF' : 'ON');
    if (this.#settings.discovery) {
      for (const config of discoveryConfigs(camera, t, { version: this.#d.version, remoteControl: this.#settings.remoteControl })) {
        this.#put(config.topic, config.payload);
      }
    }
  }

  #removeCamera(cameraId: string): void {
    // An empty retained message deletes the retained one: the entities leave Home Assistant.
    for (const topic of removedCameraTopics(cameraId, this.#topics)) {
      this.#state.delete(topic);
      this.#outbox.put({ topic, payload: '', retain: true, qos: 1 });
    }
    this.#lastSnapshot.delete(cameraId);
    this.#link?.pump();
  }

  /** Retained state: remembered for the next connection, queued now (newest per topic wins). */
  #put(topic: string, payload: string | Buffer, qos: 0 | 1 = 1): void {
    const message: OutMessage = { topic, payload, retain: true, qos };
    this.#state.set(topic, message);
    if (this.#link === null) return;
    this.#outbox.put(message);
    this.#link.pump();
  }

  #motion(event: MotionEvent): void {
    const name = this.#names.get(event.cameraId) ?? event.cameraId;
    const type = event.endMs !== null ? 'end' : this.#seenEvents.has(event.id) ? 'update' : 'new';
    if (type === 'end') this.#seenEvents.delete(event.id);
    else {
      this.#seenEvents.add(event.id);
      if (this.#seenEvents.size > MAX_TRACKED_EVENTS) this.#seenEvents.delete(this.#seenEvents.values().next().value!);
    }
    this.#put(this.#topics.motion(event.cameraId), type === 'end' ? 'OFF' : 'ON');
    if (this.#link !== null) {
      this.#outbox.append({ topic: this.#topics.events, payload: eventPayload(type, event, name), retain: false, qos: 1 });
      this.#link.pump();
    }
    if (type === 'new') void this.#snapshot(event.cameraId, () => this.#d.latestFrame(event.cameraId).then((f) => (f ? new Uint8Array(f.jpeg) : null)));
    else if (type === 'end' && event.hasThumbnail && this.#d.thumbnail) void this.#snapshot(event.cameraId, () => this.#d.thumbnail!(event.id), true);
  }

  /** `<prefix>/<camera>/snapshot`: at most one a camera per snapshotIntervalS (the end's thumbnail may replace it). */
  async #snapshot(cameraId: string, jpeg: () => Promise<Uint8Array | null>, ignoreRate = false): Promise<void> {
    if (this.#link === null) return;
    const now = this.#d.clock.monotonic();
    const last = this.#lastSnapshot.get(cameraId);
    if (!ignoreRate && last !== undefined && now - last < this.#settings.snapshotIntervalS * 1000) return;
    this.#lastSnapshot.set(cameraId, now);
    try {
      const bytes = await jpeg();
      if (bytes !== null && bytes.length > 0) this.#put(this.#topics.snapshot(cameraId), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 0);
    } catch (error) {
      this.#d.log(`mqtt: no snapshot of camera ${cameraId}: ${(error as Error).message}`);
    }
  }

  #message(topic: string, payload: Buffer): void {
    if (topic === HA_STATUS_TOPIC) {
      // Home Assistant (re)started: it forgets what it was told, so tell it again.
      if (payload.toString('utf8').trim() === 'online') this.#publishAll();
      return;
    }
    const cameraId = this.#topics.commandCamera(topic);
    if (cameraId === null) return;
    void this.#recordingCommand(cameraId, topic, payload).then((result) => {
      if (!result.ok) this.#d.log(`mqtt: refused ${topic}: ${result.error}`);
      if (this.#link === null) return;
      this.#outbox.append({ topic: this.#topics.commandResult, payload: JSON.stringify({ topic, ...result }), retain: false, qos: 1 });
      this.#link.pump();
    });
  }

  async #recordingCommand(cameraId: string, topic: string, payload: Buffer): Promise<{ ok: true } | { ok: false; error: string }> {
    if (!this.#settings.remoteControl) return { ok: false, error: "remote control is off: turn on 'Obey commands from the broker' in Camwall's Settings → MQTT" };
    const camera = this.#d.registry.cameras.get(cameraId);
    if (camera === null) return { ok: false, error: `no camera with the id ${cameraId}` };
    const value = payload.length <= MAX_COMMAND_BYTES ? payload.toString('utf8').trim().toUpperCase() : '';
    if (value !== 'ON' && value !== 'OFF') return { ok: false, error: `${topic} takes ON or OFF` };
    try {
      // ON records continuously; OFF stops. A camera on a schedule that gets ON records always until set back.
      await this.#d.registry.cameras.update(cameraId, { recordMode: value === 'ON' ? 'continuous' : 'off' });
      this.#d.log(`mqtt: recording of camera ${cameraId} (${camera.name}) turned ${value} by ${topic}`);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: `camera ${cameraId}: ${(error as Error).message}` };
    }
  }
}
