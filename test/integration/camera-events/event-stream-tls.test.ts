// The event stream over https with a pinned self-signed certificate: the right pin connects,
// subscribes and reads events; a wrong pin or no pin is refused after the handshake and before
// a byte of the request reaches the server (which counts the requests it received), with the
// fingerprint in the message. A minimal VAPIX event endpoint on a TLS server stands in for the
// camera (the simulator speaks plain http).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { WebSocketServer } from 'ws';
import { systemClock } from '../../../main/base/clock.ts';
import { Backoff } from '../../../main/stream/backoff.ts';
import { EventStreamClient, type EventStreamState } from '../../../main/stream/vapix-events/event-stream-client.ts';
import type { AxisEvent } from '../../../main/stream/vapix-events/topics.ts';
import { makeSelfSignedCertificate, type SelfSigned } from '../../support/self-signed.ts';
import { waitFor } from '../../support/wait-for.ts';

let certificate: SelfSigned;
let other: SelfSigned;
let server: Server;
let port = 0;
let requests = 0;

before(async () => {
  [certificate, other] = await Promise.all([makeSelfSignedCertificate(), makeSelfSignedCertificate('impostor')]);
  server = createServer({ key: certificate.key, cert: certificate.cert });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    requests += 1;
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', () => {
        ws.send(JSON.stringify({ apiVersion: '1.0', method: 'events:configure', data: {} }));
        ws.send(JSON.stringify({ apiVersion: '1.0', method: 'events:notify', params: { notification: { topic: 'tns1:VideoSource/tnsaxis:Tampering', timestamp: 1, message: { source: { channel: '1' }, key: {}, data: { tampering: '1' } } } } }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

function client(fingerprint256: string | undefined) {
  const events: AxisEvent[] = [];
  const states: EventStreamState[] = [];
  const stream = new EventStreamClient({
    target: { origin: `https://127.0.0.1:${port}`, channel: 1, ...(fingerprint256 === undefined ? {} : { fingerprint256 }) },
    clock: systemClock,
    onEvent: (event) => events.push(event),
    onState: (state) => states.push(state),
    backoff: new Backoff({ initialMs: 5_000, maxMs: 5_000 }),
  });
  stream.start();
  return { stream, events, states };
}

test('the pinned certificate connects and reads events', async () => {
  const before = requests;
  const c = client(certificate.fingerprint256);
  try {
    await waitFor(() => c.events.length > 0, { what: 'an event over https', timeoutMs: 30_000 });
    assert.equal(c.events[0]!.kind, 'tampering');
    assert.ok(c.states.some((s) => s.state === 'live'));
    assert.equal(requests, before + 1);
  } finally {
    await c.stream.stop();
  }
});

test('a wrong pin, or none for a self-signed certificate, is refused before the request is sent', async () => {
  for (const pin of [other.fingerprint256, undefined]) {
    const before = requests;
    const c = client(pin);
    try {
      const offline = await waitFor(() => c.states.find((s): s is Extract<EventStreamState, { state: 'offline' }> => s.state === 'offline'), { what: 'the refusal', timeoutMs: 30_000 });
      assert.match(offline.reason, pin === undefined ? /not trusted.*pin its SHA-256 fingerprint/ : /does not match the pinned fingerprint/);
      assert.ok(offline.reason.includes(certificate.fingerprint256), 'the presented fingerprint is named');
      assert.equal(requests, before, 'no request reached the server');
      assert.equal(c.events.length, 0);
    } finally {
      await c.stream.stop();
    }
  }
});
