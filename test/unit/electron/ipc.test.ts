import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_NAMES, type CallName } from '../../../shared/api/calls.ts';
import type { Result } from '../../../shared/api/result.ts';
import { CALL_CHANNEL, FRAMES_PORT_CHANNEL } from '../../../main/electron/channels.ts';
import { checkSender, registerApiIpc } from '../../../main/electron/ipc.ts';
import { createDispatcher, type Handlers } from '../../../main/service/dispatch.ts';
import { FakeIpcMain, FakeWebContents, FakeWebFrame, type FakeIpcEvent } from '../../fixtures/electron/fake-electron.ts';

/** Every call answers its own name; the calls that reached a handler are recorded. */
function stubHandlers(reached: string[]): Handlers {
  return Object.fromEntries(CALL_NAMES.map((name) => [name, () => { reached.push(name); return name; }])) as unknown as Handlers;
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const appContents = new FakeWebContents();
  const reached: string[] = [];
  const logs: string[] = [];
  const portRequests: number[] = [];
  const unregister = registerApiIpc(ipcMain, {
    dispatch: createDispatcher(stubHandlers(reached)),
    isAppContents: (contents) => contents === appContents,
    onFramesPortRequest: (contents) => portRequests.push(contents.id),
    log: (line) => logs.push(line),
  });
  const fromApp = (url = 'app://camwall/index.html'): FakeIpcEvent => ({ sender: appContents, senderFrame: new FakeWebFrame(url) });
  const call = (event: FakeIpcEvent, name: unknown, args: unknown) => ipcMain.invoke(CALL_CHANNEL, event, name, args) as Promise<Result<unknown>>;
  return { ipcMain, appContents, reached, logs, portRequests, fromApp, call, unregister };
}

/** An argument every call's schema refuses: all are strict objects. */
const BAD_ARGS = { notAField: 'x' };

describe('the IPC registry', () => {
  it('registers one call channel that serves every call of the contract from the app window', async () => {
    const { ipcMain, reached, fromApp, call } = setup();
    assert.deepEqual([...ipcMain.handlers.keys()], [CALL_CHANNEL]);
    const result = await call(fromApp(), 'cameras.list', {});
    assert.deepEqual(result, { ok: true, value: 'cameras.list' });
    assert.deepEqual(reached, ['cameras.list']);
  });

  it('validates the argument of every call against its schema before any handler runs', async () => {
    const { reached, fromApp, call } = setup();
    for (const name of CALL_NAMES) {
      const result = await call(fromApp(), name, BAD_ARGS);
      assert.equal(result.ok, false, name);
      if (result.ok) continue;
      assert.equal(result.error.code, 'invalid-argument', name);
      assert.ok(result.error.fields?.some((f) => f.field === 'notAField'), `${name}: ${JSON.stringify(result.error)}`);
    }
    assert.deepEqual(reached, []);
  });

  it('rejects a bad field with the schema error naming the field', async () => {
    const { fromApp, call } = setup();
    const result = await call(fromApp(), 'cameras.get', { id: 42 });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.error.fields?.map((f) => f.field), ['id']);
    const good = await call(fromApp(), 'cameras.get', { id: 'cam-1' });
    assert.equal(good.ok, true);
  });

  it('rejects a name that is not a call', async () => {
    const { reached, fromApp, call } = setup();
    for (const name of ['cameras.drop', '__proto__', 'constructor', 42, null]) {
      const result = await call(fromApp(), name, {});
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.code, 'unknown-call', String(name));
    }
    assert.deepEqual(reached, []);
  });

  it('unregisters its channels', () => {
    const { ipcMain, unregister } = setup();
    unregister();
    assert.equal(ipcMain.handlers.size, 0);
    assert.equal(ipcMain.emitter.count(FRAMES_PORT_CHANNEL), 0);
  });
});

describe('the sender check', () => {
  it('accepts the main frame of the app window showing an app page', async () => {
    const { fromApp, call, appContents } = setup();
    assert.deepEqual(checkSender(fromApp(), (c) => c === appContents), { ok: true });
    assert.deepEqual(checkSender(fromApp('app://camwall/index.html?kiosk=1'), (c) => c === appContents), { ok: true });
    assert.equal((await call(fromApp(), 'app.info', {})).ok, true);
  });

  it('rejects subframes, other pages, other web contents and vanished frames, and logs no argument', async () => {
    const { appContents, reached, logs, call } = setup();
    const appTop = new FakeWebFrame('app://camwall/index.html');
    const stranger = new FakeWebContents();
    const cases: Array<[string, FakeIpcEvent]> = [
      ['subframe of the app', { sender: appContents, senderFrame: new FakeWebFrame('app://camwall/index.html', appTop) }],
      ['foreign subframe', { sender: appContents, senderFrame: new FakeWebFrame('https://evil.example/', appTop) }],
      ['https page', { sender: appContents, senderFrame: new FakeWebFrame('https://evil.example/') }],
      ['file page', { sender: appContents, senderFrame: new FakeWebFrame('file:///work/main/dist/renderer/index.html') }],
      ['look-alike host', { sender: appContents, senderFrame: new FakeWebFrame('app://camwall.evil.example/index.html') }],
      ['about:blank', { sender: appContents, senderFrame: new FakeWebFrame('about:blank') }],
      ['frame gone', { sender: appContents, senderFrame: null }],
      ['another web contents', { sender: stranger, senderFrame: new FakeWebFrame('app://camwall/index.html') }],
    ];
    for (const [what, event] of cases) {
      assert.equal(checkSender(event, (c) => c === appContents).ok, false, what);
      const result = await call(event, 'cameras.add', { camera: { name: 'x', host: 'h', password: 'hunter2-secret' } });
      assert.equal(result.ok, false, what);
      if (!result.ok) {
        assert.equal(result.error.code, 'unauthorized', what);
        assert.match(result.error.message, /refused/);
      }
    }
    assert.deepEqual(reached, []);
    assert.equal(logs.length, cases.length);
    for (const line of logs) {
      assert.match(line, /refused the API call 'cameras.add'/);
      assert.doesNotMatch(line, /hunter2|password/);
    }
  });

  it('checks the frame-port request the same way', () => {
    const { ipcMain, appContents, portRequests, fromApp, logs } = setup();
    ipcMain.send(FRAMES_PORT_CHANNEL, fromApp());
    assert.deepEqual(portRequests, [appContents.id]);
    ipcMain.send(FRAMES_PORT_CHANNEL, { sender: appContents, senderFrame: new FakeWebFrame('https://evil.example/') });
    ipcMain.send(FRAMES_PORT_CHANNEL, { sender: new FakeWebContents(), senderFrame: new FakeWebFrame('app://camwall/index.html') });
    assert.deepEqual(portRequests, [appContents.id]);
    assert.equal(logs.filter((l) => l.startsWith('refused a frame port')).length, 2);
  });
});

// The contract's names type-check as CallName; keeps the stub table honest.
const _names: readonly CallName[] = CALL_NAMES;
void _names;
