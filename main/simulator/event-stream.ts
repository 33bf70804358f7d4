// The simulated camera's VAPIX event stream over WebSocket (`/vapix/ws-data-stream?sources=events`,
// AXIS OS 10.x+): a client sends `events:configure` with topic filters, gets an acknowledgement,
// then the current state of every matching topic and an `events:notify` on each change. States
// come from `event:KIND/ON/PERIOD` faults, so a test knows from the clock when motion starts and
// ends; `noevents` answers 404 (older firmware), `eventdrop:N` drops each connection after N
// notifications. Authentication is the camera's own (the same Authenticator as video.cgi).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthResult } from './auth.ts';
import { appliesTo, isEventActive, type FaultSpec, type SimulatedEventKind } from './faults.ts';

export const EVENT_STREAM_PATH = '/vapix/ws-data-stream';
/** How often scheduled event states are compared with what was sent. */
const EVENT_TICK_MS = 20;
/** Configure requests are small JSON; anything larger is refused by the WebSocket layer. */
const MAX_EVENT_REQUEST_BYTES = 64 * 1024;

type TopicState = { topic: string; source: Record<string, string>; data: Record<string, string> };

/** The topics a simulated camera channel offers for one kind of event, in a given state. */
export function simulatedTopics(kind: SimulatedEventKind, camera: number, active: boolean): TopicState[] {
  const bit = active ? '1' : '0';
  switch (kind) {
    case 'motion':
      return [
        { topic: `tnsaxis:CameraApplicationPlatform/VMD/Camera${camera}Profile1`, source: {}, data: { active: bit } },
        { topic: 'tns1:VideoSource/MotionAlarm', source: { VideoSourceConfigurationToken: String(camera - 1) }, data: { State: bit } },
      ];
    case 'tampering':
      return [{ topic: 'tns1:VideoSource/tnsaxis:Tampering', source: { channel: String(camera) }, data: { tampering: bit } }];
    case 'daynight':
      return [{ topic: 'tns1:VideoSource/tnsaxis:DayNightVision', source: { VideoSourceConfigurationToken: String(camera - 1) }, data: { day: active ? '0' : '1' } }];
    case 'input':
      return [
        { topic: 'tns1:Device/tnsaxis:IO/Port', source: { port: String(camera) }, data: { state: bit } },
        { topic: 'tns1:Device/Trigger/DigitalInput', source: { InputToken: String(camera - 1) }, data: { LogicalState: active ? 'true' : 'false' } },
      ];
  }
}

const KINDS: readonly SimulatedEventKind[] = ['motion', 'tampering', 'daynight', 'input'];

/** A filter matches its exact topic, or every topic under it when it ends in `//.` (Axis's subtree form). */
function matches(filters: readonly string[], topic: string): boolean {
  return filters.some((f) => f === topic || (f.endsWith('//.') && topic.startsWith(f.slice(0, -3))));
}

export type EventStreamOptions = {
  cameras: number;
  faults: readonly FaultSpec[];
  startedAt: number;
  /** The camera's authentication for this request. */
  check(request: IncomingMessage): AuthResult;
};

export type EventStreamStats = { eventClients: number; eventConnectionsServed: number; notificationsSent: number };

export class SimulatedEventStream {
  #options: EventStreamOptions;
  #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_EVENT_REQUEST_BYTES, perMessageDeflate: false });
  #clients = new Map<WebSocket, { filters: string[]; sent: number }>();
  #last = new Map<string, boolean>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #served = 0;
  #notifications = 0;

  constructor(options: EventStreamOptions) {
    this.#options = options;
  }

  get stats(): EventStreamStats {
    return { eventClients: this.#clients.size, eventConnectionsServed: this.#served, notificationsSent: this.#notifications };
  }

  /** Whether `kind` is active on `camera` now (the truth tests compare with). */
  active(kind: SimulatedEventKind, camera: number): boolean {
    const elapsed = Date.now() - this.#options.startedAt;
    return this.#options.faults.some((f) => f.kind === 'event' && f.event === kind && appliesTo(f, camera) && isEventActive(f, elapsed));
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string, headers: string[] = []): void => {
      socket.end(`HTTP/1.1 ${status}\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (this.#options.faults.some((f) => f.kind === 'noevents')) return refuse('404 Not Found');
    const auth = this.#options.check(request);
    if (!auth.ok) return refuse('401 Unauthorized', auth.challenges.map((c) => `WWW-Authenticate: ${c}`));
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws));
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    for (const ws of this.#clients.keys()) ws.terminate();
    this.#wss.close();
  }

  #accept(ws: WebSocket): void {
    this.#served += 1;
    const client = { filters: [] as string[], sent: 0 };
    this.#clients.set(ws, client);
    this.#timer ??= setInterval(() => this.#tick(), EVENT_TICK_MS);
    ws.on('close', () => {
      this.#clients.delete(ws);
      if (this.#clients.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    });
    ws.on('error', () => ws.terminate());
    ws.on('message', (data) => {
      let request: { method?: unknown; context?: unknown; params?: { eventFilterList?: unknown } };
      try {
        request = JSON.parse(String(data)) as typeof request;
      } catch {
        return this.#send(ws, { apiVersion: '1.0', error: { code: 2101, message: 'Invalid JSON' } });
      }
      const context = typeof request.context === 'string' ? { context: request.context } : {};
      const list = request.params?.eventFilterList;
      if (request.method !== 'events:configure') {
        return this.#send(ws, { apiVersion: '1.0', ...context, error: { code: 2102, message: 'Method not supported' } });
      }
      if (!Array.isArray(list) || list.length === 0 || !list.every((f) => typeof (f as { topicFilter?: unknown })?.topicFilter === 'string')) {
        return this.#send(ws, { apiVersion: '1.0', ...context, method: 'events:configure', error: { code: 2104, message: 'Invalid event datasource payload: eventFilterList is empty' } });
      }
      client.filters = list.map((f) => (f as { topicFilter: string }).topicFilter);
      this.#send(ws, { apiVersion: '1.0', ...context, method: 'events:configure', data: {} });
      // Stateful topics report their current state to a new subscriber, as Axis property events do.
      for (let camera = 1; camera <= this.#options.cameras; camera++) {
        for (const kind of KINDS) this.#notify(ws, client, kind, camera, this.active(kind, camera));
      }
    });
  }

  #tick(): void {
    for (let camera = 1; camera <= this.#options.cameras; camera++) {
      for (const kind of KINDS) {
        const key = `${kind}|${camera}`;
        const now = this.active(kind, camera);
        const before = this.#last.get(key) ?? false;
        if (now === before) continue;
        this.#last.set(key, now);
        for (const [ws, client] of this.#clients) this.#notify(ws, client, kind, camera, now);
      }
    }
  }

  #notify(ws: WebSocket, client: { filters: string[]; sent: number }, kind: SimulatedEventKind, camera: number, active: boolean): void {
    for (const state of simulatedTopics(kind, camera, active)) {
      if (!matches(client.filters, state.topic)) continue;
      this.#send(ws, {
        apiVersion: '1.0',
        method: 'events:notify',
        params: { notification: { topic: state.topic, timestamp: Date.now(), message: { source: state.source, key: {}, data: state.data } } },
      });
      client.sent += 1;
      this.#notifications += 1;
      const drop = this.#options.faults.find((f): f is Extract<FaultSpec, { kind: 'eventdrop' }> => f.kind === 'eventdrop');
      if (drop && client.sent >= drop.notifications) {
        ws.terminate();
        return;
      }
    }
  }

  #send(ws: WebSocket, message: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }
}
