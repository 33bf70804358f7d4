// The pure pieces of the wire protocol and the dispatcher: frame header, bytes in JSON, the
// accept and reject branches of dispatch, host/origin rules, the default data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeFrame, encodeFrame, FrameWireError } from '../../../shared/api/frame-wire.ts';
import { fromBase64, parseWithBytes, stringifyWithBytes, toBase64 } from '../../../shared/api/json-bytes.ts';
import { createDispatcher, type Handlers } from '../../../main/service/dispatch.ts';
import { ServiceError } from '../../../main/service/service-error.ts';
import { hostAllowed, originAllowed } from '../../../main/server/access.ts';
import { defaultDataDir } from '../../../main/app/data-dir.ts';
import { CALL_NAMES } from '../../../shared/api/calls.ts';

test('a frame survives the binary header round trip', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffff }),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}(\/sub)?$/),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 0, max: 4_000_000_000_000 }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.uint8Array({ maxLength: 300 }),
      (sub, cameraId, seq, capturedAt, width, height, bytes) => {
        const encoded = encodeFrame(sub, { cameraId, seq, capturedAt, width, height, jpeg: bytes.slice().buffer });
        const decoded = decodeFrame(encoded.slice().buffer);
        assert.equal(decoded.subscription, sub);
        assert.deepEqual({ ...decoded.frame, jpeg: [...new Uint8Array(decoded.frame.jpeg)] }, { cameraId, seq, capturedAt, width, height, jpeg: [...bytes] });
      },
    ),
  );
});

test('a cut or foreign binary message is refused, not misread', () => {
  const good = encodeFrame(1, { cameraId: 'cam-a', seq: 1, capturedAt: 1, width: 1, height: 1, jpeg: new Uint8Array([1, 2]).buffer });
  assert.throws(() => decodeFrame(good.slice(0, 10).buffer), FrameWireError);
  assert.throws(() => decodeFrame(good.slice(0, 27).buffer), FrameWireError);
  const wrongVersion = good.slice();
  wrongVersion[0] = 9;
  assert.throws(() => decodeFrame(wrongVersion.buffer), /version/);
  assert.throws(() => encodeFrame(1, { cameraId: 'caméra', seq: 1, capturedAt: 1, width: 1, height: 1, jpeg: new ArrayBuffer(0) }), FrameWireError);
});

test('bytes travel through JSON as base64 and come back as ArrayBuffers', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
      assert.deepEqual([...new Uint8Array(fromBase64(toBase64(bytes)))], [...bytes]);
    }),
  );
  const text = stringifyWithBytes({ a: Buffer.from([1, 2, 3]), b: new Uint8Array([4]).buffer, c: 'x' });
  const back = parseWithBytes(text) as { a: ArrayBuffer; b: ArrayBuffer; c: string };
  assert.ok(back.a instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(back.a)], [1, 2, 3], 'a Node Buffer is bytes, not its toJSON form');
  assert.deepEqual([...new Uint8Array(back.b)], [4]);
  assert.equal(back.c, 'x');
});

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const unused = () => {
    throw new Error('not called in this test');
  };
  return Object.fromEntries(CALL_NAMES.map((name) => [name, overrides[name] ?? unused])) as unknown as Handlers;
}

const context = { shell: 'browser' as const, caller: 'unit test' };

test('dispatch runs the handler only for a valid argument', async () => {
  let calls = 0;
  const dispatch = createDispatcher(handlersWith({ 'cameras.get': ({ id }) => (calls++, { id } as never) }));
  assert.deepEqual(await dispatch('cameras.get', { id: 'cam-1' }, context), { ok: true, value: { id: 'cam-1' } });
  const rejected = await dispatch('cameras.get', { id: 7 }, context);
  assert.equal(rejected.ok, false);
  if (!rejected.ok) {
    assert.equal(rejected.error.code, 'invalid-argument');
    assert.equal(rejected.error.fields?.[0]?.field, 'id');
  }
  const extra = await dispatch('cameras.get', { id: 'cam-1', sneaky: true }, context);
  assert.equal(extra.ok, false, 'unknown keys are refused');
  assert.equal(calls, 1, 'the handler ran for the valid call only');
});

test('dispatch refuses unknown names, including prototype keys', async () => {
  const dispatch = createDispatcher(handlersWith({}));
  for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
    const result = await dispatch(name, {}, context);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, 'unknown-call');
  }
});

test('dispatch keeps ServiceErrors and hides everything else', async () => {
  const logged: unknown[] = [];
  const dispatch = createDispatcher(
    handlersWith({
      'cameras.get': () => {
        throw new ServiceError('not-found', 'There is no camera with id x');
      },
      'cameras.list': () => {
        throw new Error('SQLITE_CORRUPT at /home/user/.local/share/camwall/camwall.db password=hunter2');
      },
    }),
    { onInternalError: (_name, error) => logged.push(error) },
  );
  assert.deepEqual(await dispatch('cameras.get', { id: 'x' }, context), { ok: false, error: { code: 'not-found', message: 'There is no camera with id x' } });
  const internal = await dispatch('cameras.list', {}, context);
  assert.equal(internal.ok, false);
  if (!internal.ok) {
    assert.equal(internal.error.code, 'internal');
    assert.doesNotMatch(internal.error.message, /hunter2|SQLITE|\/home/);
  }
  assert.equal(logged.length, 1, 'the real error went to the log');
});

test('Host and Origin rules', () => {
  assert.equal(hostAllowed('127.0.0.1:8080', 8080, true), true);
  assert.equal(hostAllowed('localhost:8080', 8080, true), true);
  assert.equal(hostAllowed('[::1]:8080', 8080, true), true);
  assert.equal(hostAllowed('evil.example:8080', 8080, true), false);
  assert.equal(hostAllowed('127.0.0.1:8081', 8080, true), false);
  assert.equal(hostAllowed('127.0.0.1', 8080, true), false);
  assert.equal(hostAllowed(undefined, 8080, true), false);
  assert.equal(hostAllowed('wall.lan:8080', 8080, false), true);
  assert.equal(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080'), true);
  assert.equal(originAllowed('http://localhost:8080', '127.0.0.1:8080'), false);
  assert.equal(originAllowed('null', '127.0.0.1:8080'), false);
  assert.equal(originAllowed(undefined, '127.0.0.1:8080'), false);
});

test('the default data folder follows each platform', () => {
  assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/x/data' }, home: '/home/a' }), '/x/data/camwall');
  assert.equal(defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'relative' }, home: '/home/a' }), '/home/a/.local/share/camwall');
  assert.equal(defaultDataDir({ platform: 'linux', env: {}, home: '/home/a' }), '/home/a/.local/share/camwall');
  assert.equal(defaultDataDir({ platform: 'darwin', env: {}, home: '/Users/a' }), '/Users/a/Library/Application Support/Camwall');
  assert.equal(defaultDataDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, home: 'C:\\Users\\a' }), 'C:\\Users\\a\\AppData\\Roaming\\Camwall');
  assert.equal(defaultDataDir({ platform: 'win32', env: {}, home: 'C:\\Users\\a' }), 'C:\\Users\\a\\AppData\\Roaming\\Camwall');
});
