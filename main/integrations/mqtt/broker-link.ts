// One connection to the MQTT broker, kept up: connect (TCP, TLS with a CA file or a pinned
// certificate, WebSocket), announce `<prefix>/available` online with a retained last will saying
// offline, reconnect with jittered backoff on the injected Clock (slowly after a refused
// password), and send what the Outbox holds with at most MAX_IN_FLIGHT messages unanswered.
//
// mqtt.js (the `mqtt` package) speaks the protocol; its own reconnect is off (reconnectPeriod 0)
// and its keepalive runs on our Clock, so this file owns every retry. For mqtt:// and mqtts:// we
// open the socket ourselves and check the broker's certificate BEFORE mqtt.js writes its CONNECT
// packet, which carries the password: a broker that fails the pin never sees it.
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { connect as mqttConnect, MqttClient, type IClientOptions } from 'mqtt';
import type { Clock, TimerHandle } from '../../base/clock.ts';
import { Backoff, AUTH_RETRY_MS } from '../../stream/backoff.ts';
import { normalizeFingerprint } from '../../stream/tls-pin.ts';
import type { MqttState } from '../../../shared/integrations.ts';
import type { OutMessage, Outbox } from './outbox.ts';

export const CONNECT_TIMEOUT_MS = 10_000;
export const KEEPALIVE_S = 30;
/** Longest a close waits for the broker to take the offline message. */
export const CLOSE_TIMEOUT_MS = 2_000;
/** Messages handed to the socket and not yet acknowledged (QoS 1) or written (QoS 0). */
export const MAX_IN_FLIGHT = 64;
const DEFAULT_PORTS: Record<string, number> = { 'mqtt:': 1883, 'mqtts:': 8883, 'ws:': 80, 'wss:': 443 };

export type LinkConfig = {
  url: string;
  username: string | null;
  password: string | null;
  caFile: string | null;
  fingerprint256: string | null;
  clientId: string;
  will: { topic: string; payload: string };
};

export type LinkEvents = {
  /** The state changed; `message` says why, for people (never the password). */
  onState(state: MqttState, message: string | null): void;
  /** Connected (again): the bridge queues everything it publishes as state. */
  onConnected(link: BrokerLink): void;
  onMessage(topic: string, payload: Buffer): void;
};

export class BrokerLink {
  readonly #config: LinkConfig;
  readonly #clock: Clock;
  readonly #events: LinkEvents;
  readonly #outbox: Outbox;
  readonly #backoff = new Backoff({ initialMs: 1_000, maxMs: 60_000 });
  #client: MqttClient | null = null;
  #socket: Socket | null = null;
  #retry: TimerHandle | null = null;
  #connectTimer: TimerHandle | null = null;
  #inFlight = 0;
  #closed = false;
  #subscriptions: string[] = [];
  #lastError: { state: MqttState; message: string } | null = null;

  constructor(config: LinkConfig, clock: Clock, outbox: Outbox, events: LinkEvents) {
    this.#config = config;
    this.#clock = clock;
    this.#outbox = outbox;
    this.#events = events;
    this.#attempt();
  }

  get connected(): boolean {
    return this.#client?.connected === true;
  }

  /** Topics to subscribe to on every connection (QoS 1). */
  subscribe(filters: string[]): void {
    this.#subscriptions = filters;
    if (this.connected) this.#client!.subscribe(filters, { qos: 1 });
  }

  /** Sends what waits, as far as MAX_IN_FLIGHT allows; called after each put or append. */
  pump(): void {
    const client = this.#client;
    while (client?.connected && this.#inFlight < MAX_IN_FLIGHT) {
      const message = this.#outbox.shift();
      if (!message) return;
      this.#send(client, message);
    }
  }

  /** Publishes offline (retained) and disconnects cleanly; no reconnect after. Never waits more than CLOSE_TIMEOUT_MS. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#retry?.cancel();
    this.#connectTimer?.cancel();
    const client = this.#client;
    this.#client = null;
    if (client?.connected) {
      // A slow broker may never answer: give up waiting after CLOSE_TIMEOUT_MS and cut the line.
      await new Promise<void>((resolve) => {
        const timer = this.#clock.setTimer(() => resolve(), CLOSE_TIMEOUT_MS);
        client.publish(this.#config.will.topic, this.#config.will.payload, { qos: 1, retain: true }, () => {
          client.end(false, {}, () => {
            timer.cancel();
            resolve();
          });
        });
      });
    }
    client?.end(true);
    this.#socket?.destroy();
  }

  #send(client: MqttClient, message: OutMessage): void {
    this.#inFlight++;
    client.publish(message.topic, message.payload, { qos: message.qos, retain: message.retain }, () => {
      this.#inFlight--;
      this.pump();
    });
  }

  #attempt(): void {
    if (this.#closed) return;
    this.#retry = null;
    this.#events.onState('connecting', this.#lastError?.message ?? null);
    let url: URL;
    try {
      url = new URL(this.#config.url);
    } catch {
      this.#failed('error', 'The broker URL is not a URL. Correct it in Settings → MQTT.');
      return;
    }
    const port = Number(url.port || DEFAULT_PORTS[url.protocol]);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let settled = false;
    this.#connectTimer = this.#clock.setTimer(() => {
      if (settled) return;
      settled = true;
      this.#drop();
      this.#failed('error', `No answer from the broker at ${host}:${port} within ${CONNECT_TIMEOUT_MS / 1000} s; trying again.`);
    }, CONNECT_TIMEOUT_MS);
    const fail = (state: MqttState, message: string) => {
      if (settled) return;
      settled = true;
      this.#connectTimer?.cancel();
      this.#drop();
      this.#failed(state, message);
    };
    const options = this.#clientOptions();
    if (url.protocol === 'ws:' || url.protocol === 'wss:') {
      if (this.#config.fingerprint256 !== null) {
        fail('error', 'A pinned certificate fingerprint works with mqtts:// only; for wss:// give the CA file instead.');
        return;
      }
      let ca: Buffer | undefined;
      try {
        ca = this.#ca();
      } catch (error) {
        fail('error', (error as Error).message);
        return;
      }
      this.#start(mqttConnect(this.#config.url, { ...options, ...(ca ? { ca } : {}) }), fail, () => {
        settled = true;
        this.#connectTimer?.cancel();
      });
      return;
    }
    let socket: Socket;
    try {
      socket = url.protocol === 'mqtts:' ? this.#tlsSocket(host, port) : netConnect({ host, port });
    } catch (error) {
      fail('error', (error as Error).message);
      return;
    }
    this.#socket = socket;
    socket.once('error', (error: NodeJS.ErrnoException) => fail('error', socketMessage(error, host, port)));
    const ready = url.protocol === 'mqtts:' ? 'secureConnect' : 'connect';
    socket.once(ready, () => {
      if (url.protocol === 'mqtts:') {
        const refusal = this.#verify(socket as TLSSocket);
        if (refusal !== null) {
          fail('error', refusal);
          return;
        }
      }
      this.#start(new MqttClient(() => socket, options), fail, () => {
        settled = true;
        this.#connectTimer?.cancel();
      });
    });
  }

  #start(client: MqttClient, fail: (state: MqttState, message: string) => void, connected: () => void): void {
    this.#client = client;
    let accepted = false;
    client.on('connect', () => {
      if (this.#closed || this.#client !== client) return;
      accepted = true;
      connected();
      this.#backoff.reset();
      this.#lastError = null;
      this.#inFlight = 0;
      this.#events.onState('connected', null);
      if (this.#subscriptions.length > 0) client.subscribe(this.#subscriptions, { qos: 1 });
      client.publish(this.#config.will.topic, 'online', { qos: 1, retain: true });
      this.#events.onConnected(this);
      this.pump();
    });
    client.on('message', (topic, payload) => this.#events.onMessage(topic, payload));
    client.on('error', (error: Error & { code?: number | string }) => {
      if (accepted) return; // a broken connection: 'close' follows and reconnects
      if (error.code === 4 || error.code === 5) {
        const who = this.#config.username === null ? 'a connection without a user' : `the user '${this.#config.username}' or its password`;
        fail('auth-failed', `The broker refused ${who} (${error.message}). Check the user and password in Settings → MQTT; retrying once a minute.`);
      } else {
        fail('error', `The broker connection failed: ${error.message}`);
      }
    });
    client.on('close', () => {
      if (this.#client !== client || this.#closed) return;
      if (!accepted) {
        fail('error', 'The broker closed the connection without accepting it.');
        return;
      }
      this.#drop();
      this.#failed('error', 'Lost the connection to the broker; reconnecting.');
    });
  }

  #clientOptions(): IClientOptions {
    const clock = this.#clock;
    return {
      clientId: this.#config.clientId,
      protocolVersion: 4,
      clean: true,
      keepalive: KEEPALIVE_S,
      reconnectPeriod: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      resubscribe: false,
      ...(this.#config.username !== null ? { username: this.#config.username } : {}),
      ...(this.#config.password !== null ? { password: this.#config.password } : {}),
      will: { topic: this.#config.will.topic, payload: Buffer.from(this.#config.will.payload), qos: 1, retain: true },
      // The keepalive's timer on our Clock (mqtt.js asks for one interval at a time).
      timerVariant: {
        set: (fn: () => void, ms: number) => clock.setRepeating(fn, ms),
        clear: (id: unknown) => (id as TimerHandle | null)?.cancel(),
      } as unknown as IClientOptions['timerVariant'],
    };
  }

  #ca(): Buffer | undefined {
    if (this.#config.caFile === null) return undefined;
    try {
      return readFileSync(this.#config.caFile);
    } catch (error) {
      throw new Error(`Cannot read the broker's CA file ${this.#config.caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Correct it in Settings → MQTT.`);
    }
  }

  #tlsSocket(host: string, port: number): TLSSocket {
    const ca = this.#ca();
    return tlsConnect({
      host,
      port,
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      ...(ca ? { ca } : {}),
      // #verify decides (CA-verified and the right name, or the pin) before anything is sent, and
      // can then say which certificate it saw.
      rejectUnauthorized: false,
    });
  }

  /** Null when the broker's certificate is acceptable; otherwise why not. */
  #verify(socket: TLSSocket): string | null {
    const cert = socket.getPeerCertificate();
    if (this.#config.fingerprint256 !== null) {
      const pin = normalizeFingerprint(this.#config.fingerprint256);
      if (cert?.fingerprint256 === pin) return null;
      return `The broker's certificate (SHA-256 ${cert?.fingerprint256 ?? 'none'}) is not the pinned one; nothing was sent. If the broker's certificate changed, pin the new fingerprint in Settings → MQTT.`;
    }
    return socket.authorized ? null : `The broker's certificate is not trusted (${String(socket.authorizationError)}); give its CA file or pin its fingerprint in Settings → MQTT.`;
  }

  #drop(): void {
    const client = this.#client;
    this.#client = null;
    this.#inFlight = 0;
    client?.removeAllListeners('close');
    client?.on('error', () => {});
    client?.end(true);
    this.#socket?.destroy();
    this.#socket = null;
  }

  #failed(state: MqttState, message: string): void {
    if (this.#closed) return;
    this.#lastError = { state, message };
    this.#events.onState(state, message);
    if (this.#retry !== null) return;
    const delay = state === 'auth-failed' ? AUTH_RETRY_MS : this.#backoff.next();
    this.#retry = this.#clock.setTimer(() => this.#attempt(), delay);
  }
}

function socketMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  if (error.code === 'ECONNREFUSED') return `Nothing listens at ${host}:${port} (connection refused): is the broker running? Retrying.`;
  if (error.code === 'ENOTFOUND') return `The broker host ${host} is not known (DNS); check the URL in Settings → MQTT.`;
  return `Cannot reach the broker at ${host}:${port}: ${error.message}`;
}
