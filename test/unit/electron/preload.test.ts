import assert from 'node:assert/strict';
import { registerHooks } from 'node:module';
import { before, describe, it } from 'node:test';
import { CALL_NAMES } from '../../../shared/api/calls.ts';
import type { CamwallApi } from '../../../shared/api/verbs.ts';
import { CALL_CHANNEL, EVENT_CHANNEL, FRAMES_PORT_CHANNEL } from '../../../main/electron/channels.ts';
import { createPreloadApi } from '../../../main/electron/preload-bridge.ts';
import { FakeIpcRenderer, FakeRendererPort } from '../../fixtures/electron/fake-electron.ts';
import * as fakeElectron from '../../fixtures/electron/electron-module.ts';

const fakeElectronUrl = new URL('../../fixtures/electron/electron-module.ts', import.meta.url).href;

before(async () => {
  // The preload imports 'electron'; in this process that is the fake, never the real module.
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier === 'electron') return { url: fakeElectronUrl, shortCircuit: true };
      return next(specifier, context);
    },
  });
  await import('../../../main/electron/preload.ts');
});

function groupsOfContract(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const name of CALL_NAMES) {
    const [group, verb] = name.split('.') as [string, string];
    groups.set(group, [...(groups.get(group) ?? []), verb]);
  }
  return groups;
}

/** Every value reachable from the exposed object, with its path. */
function leaves(value: unknown, path = 'camwall', out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, `${path}.${key}`, out);
  } else {
    out.push([path, value]);
  }
  return out;
}

describe('the preload as loaded by Electron', () => {
  it('exposes one object, `camwall`, and nothing else', () => {
    assert.equal(fakeElectron.contextBridge.exposed.length, 1);
    assert.equal(fakeElectron.contextBridge.exposed[0]!.key, 'camwall');
  });

  it('has the shape of the contract: the verbs of every call, on() and frames.subscribe()', () => {
    const api = fakeElectron.contextBridge.exposed[0]!.api as Record<string, Record<string, unknown>>;
    const groups = groupsOfContract();
    assert.deepEqual(Object.keys(api).sort(), [...groups.keys(), 'frames', 'on'].sort());
    for (const [group, verbs] of groups) assert.deepEqual(Object.keys(api[group]!).sort(), [...verbs].sort(), group);
    assert.deepEqual(Object.keys(api['frames']!), ['subscribe']);
    assert.equal(typeof api['on'], 'function');
  });

  it('gives the page functions only: no ipcRenderer, no channel name, no port', () => {
    const api = fakeElectron.contextBridge.exposed[0]!.api;
    for (const [path, value] of leaves(api)) assert.equal(typeof value, 'function', path);
    const text = JSON.stringify(api, (_key, value: unknown) => (typeof value === 'function' ? value.toString() : value));
    assert.doesNotMatch(text, /camwall:(call|event|frames-port)/);
    for (const [, value] of leaves(api)) assert.notEqual(value, fakeElectron.ipcRenderer.invoke);
  });

  it('asks main for its frame port when it loads', () => {
    assert.deepEqual(fakeElectron.ipcRenderer.sent.map((s) => s.channel), [FRAMES_PORT_CHANNEL]);
  });
});

describe('the preload API', () => {
  function setup() {
    const ipc = new FakeIpcRenderer();
    const reports: string[] = [];
    const api: CamwallApi = createPreloadApi(ipc, (message) => reports.push(message));
    return { ipc, api, reports };
  }

  it('sends each call over the one invoke channel and returns main’s Result', async () => {
    const { ipc, api } = setup();
    ipc.answer = async (_channel, name) => ({ ok: true, value: `answer to ${String(name)}` });
    assert.deepEqual(await api.cameras.list(), { ok: true, value: 'answer to cameras.list' });
    await api.cameras.get({ id: 'cam-1' });
    assert.deepEqual(ipc.invoked, [
      { channel: CALL_CHANNEL, args: ['cameras.list', {}] },
      { channel: CALL_CHANNEL, args: ['cameras.get', { id: 'cam-1' }] },
    ]);
  });

  it('turns a failed invoke into an unavailable Result', async () => {
    const { ipc, api, reports } = setup();
    ipc.answer = async () => {
      throw new Error("No handler registered for 'camwall:call'");
    };
    const result = await api.settings.get();
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, 'unavailable');
    assert.equal(reports.length, 1);
  });

  it('delivers events to their handlers until unsubscribed, ignoring unknown names', () => {
    const { ipc, api } = setup();
    const seen: unknown[] = [];
    const off = api.on('app.command', (payload) => seen.push(payload));
    ipc.emit(EVENT_CHANNEL, {}, 'app.command', { command: { kind: 'add-camera' } });
    ipc.emit(EVENT_CHANNEL, {}, 'not.an.event', { x: 1 });
    ipc.emit(EVENT_CHANNEL, {}, 'cameras.changed', { cameras: [] });
    off();
    ipc.emit(EVENT_CHANNEL, {}, 'app.command', { command: { kind: 'show-shortcuts' } });
    assert.deepEqual(seen, [{ command: { kind: 'add-camera' } }]);
  });

  it('subscribes frames over the port (also when it arrives later) and acks when the handler is done', async () => {
    const { ipc, api } = setup();
    const drawn: number[] = [];
    let finishDrawing: () => void = () => {};
    const off = api.frames.subscribe('cam-1', { stream: 'sub' }, (frame) => {
      drawn.push(frame.seq);
      return new Promise<void>((resolve) => (finishDrawing = resolve));
    });
    const port = new FakeRendererPort();
    ipc.emit(FRAMES_PORT_CHANNEL, { ports: [port] });
    assert.equal(port.started, true);
    assert.deepEqual(port.posted, [{ t: 'subscribe', sub: 1, cameraId: 'cam-1', stream: 'sub' }]);

    const jpeg = new Uint8Array([1, 2, 3]).buffer;
    port.deliver({ t: 'frame', sub: 1, frame: { cameraId: 'cam-1', seq: 9, capturedAt: 1, width: 2, height: 2, jpeg } });
    assert.deepEqual(drawn, [9]);
    assert.equal(port.posted.length, 1, 'no ack before the drawing finishes');
    finishDrawing();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(port.posted.at(-1), { t: 'ack', sub: 1 });

    off();
    assert.deepEqual(port.posted.at(-1), { t: 'unsubscribe', sub: 1 });
    port.deliver({ t: 'frame', sub: 1, frame: { cameraId: 'cam-1', seq: 10, capturedAt: 2, width: 2, height: 2, jpeg } });
    assert.deepEqual(drawn, [9]);
  });

  it('acks a handler that throws, and stops a subscription main ended', () => {
    const { ipc, api, reports } = setup();
    const port = new FakeRendererPort();
    ipc.emit(FRAMES_PORT_CHANNEL, { ports: [port] });
    api.frames.subscribe('cam-1', { stream: 'main' }, () => {
      throw new Error('draw failed');
    });
    const jpeg = new ArrayBuffer(1);
    port.deliver({ t: 'frame', sub: 1, frame: { cameraId: 'cam-1', seq: 1, capturedAt: 1, width: 1, height: 1, jpeg } });
    assert.deepEqual(port.posted.at(-1), { t: 'ack', sub: 1 });
    port.deliver({ t: 'ended', sub: 1, reason: 'camera cam-1 was removed' });
    const before = port.posted.length;
    port.deliver({ t: 'frame', sub: 1, frame: { cameraId: 'cam-1', seq: 2, capturedAt: 2, width: 1, height: 1, jpeg } });
    assert.equal(port.posted.length, before);
    assert.ok(reports.some((r) => /removed/.test(r)));
  });

  it('re-subscribes live tiles on a new port after a reload of main’s side', () => {
    const { ipc, api } = setup();
    const first = new FakeRendererPort();
    ipc.emit(FRAMES_PORT_CHANNEL, { ports: [first] });
    api.frames.subscribe('cam-2', { stream: 'main' }, () => {});
    const second = new FakeRendererPort();
    ipc.emit(FRAMES_PORT_CHANNEL, { ports: [second] });
    assert.equal(first.closed, true);
    assert.deepEqual(second.posted, [{ t: 'subscribe', sub: 1, cameraId: 'cam-2', stream: 'main' }]);
  });
});
