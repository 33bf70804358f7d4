// The storage state and the dispatcher's answer to a full disk, with injected errors, free
// space and clock (the real full file system is in test/integration/storage/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StorageInfo } from '../../../shared/api/calls.ts';
import { createDispatcher, type Handlers } from '../../../main/service/dispatch.ts';
import { diskFullError, STORAGE_RECHECK_MS, StorageStatus } from '../../../main/service/storage.ts';
import { DISK_FULL_MARGIN_BYTES, isDiskFullError } from '../../../main/registry/disk-full.ts';
import { ManualClock } from '../stream/session-fakes.ts';

const context = { shell: 'browser' as const, caller: 'test' };

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: no space left on device, write`), { code });
}

test('ENOSPC, EDQUOT and SQLITE_FULL are a full disk, also as the cause of another error; others are not', () => {
  for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL']) {
    assert.equal(isDiskFullError(errno(code)), true, code);
    assert.equal(isDiskFullError(new Error('Cannot save', { cause: errno(code) })), true, `${code} as a cause`);
  }
  for (const other of [errno('EACCES'), errno('SQLITE_BUSY'), new Error('plain'), 'ENOSPC', null]) assert.equal(isDiskFullError(other), false);
});

test('a handler failing with a full disk answers disk-full, not internal, and tells the storage state', async () => {
  const failures: string[] = [];
  const handlers = { 'settings.set': () => { throw errno('SQLITE_FULL'); }, 'layouts.save': () => { throw errno('ENOSPC'); } } as unknown as Handlers;
  const dispatch = createDispatcher(handlers, {
    onInternalError: (name) => failures.push(`internal ${name}`),
    onDiskFull: (name) => {
      failures.push(`full ${name}`);
      return diskFullError(name, '/data');
    },
  });
  const settings = await dispatch('settings.set', { patch: { stallTimeoutS: 12 } }, context);
  assert.deepEqual(settings, {
    ok: false,
    error: { code: 'disk-full', message: "settings.set: the disk is full; nothing was saved. Free some space on the disk that holds Camwall's data folder (/data), then try again." },
  });
  const layout = await dispatch('layouts.save', { layout: { name: 'A', preset: '1', tiles: [null] } }, context);
  assert.equal(layout.ok === false && layout.error.code, 'disk-full');
  assert.deepEqual(failures, ['full settings.set', 'full layouts.save']);
  // Without the hook a full disk is an internal failure like any other (the old behaviour).
  const plain = await createDispatcher(handlers)('settings.set', { patch: {} }, context);
  assert.equal(plain.ok === false && plain.error.code, 'internal');
});

test('a full disk while running is reported once and cleared when a recheck finds room again', async () => {
  const clock = new ManualClock();
  let free = 0;
  const changes: StorageInfo[] = [];
  const storage = new StorageStatus({ dataDir: '/data', startedFull: false, clock, freeBytes: () => free, onChange: (info) => changes.push(info) });
  assert.deepEqual(storage.info(), { state: 'ok', startedFull: false, message: null, warnings: [] });
  storage.writeFailed();
  storage.writeFailed();
  assert.equal(changes.length, 1, 'one event per outage');
  assert.equal(changes[0]?.state, 'full');
  assert.match(changes[0]?.message ?? '', /\(\/data\) is full: changes cannot be saved/);
  await clock.advance(STORAGE_RECHECK_MS);
  assert.equal(storage.info().state, 'full', 'still no room');
  free = DISK_FULL_MARGIN_BYTES;
  await clock.advance(STORAGE_RECHECK_MS);
  assert.deepEqual(changes.at(-1), { state: 'ok', startedFull: false, message: null, warnings: [] });
  assert.equal(clock.pendingTimers, 0, 'no recheck once there is room');
  assert.equal(storage.refusal('settings.set'), null, 'writes are tried while running');
});

test('started on a full disk: writing calls are refused up front, reading calls are not, and the state stays', async () => {
  const clock = new ManualClock();
  const storage = new StorageStatus({ dataDir: '/data', startedFull: true, clock, freeBytes: () => 1e12, onChange: () => assert.fail('no change') });
  for (const name of ['cameras.add', 'cameras.update', 'cameras.remove', 'settings.set', 'layouts.save', 'demo.start'] as const) {
    const refusal = storage.refusal(name);
    assert.equal(refusal?.code, 'disk-full', name);
    assert.match(refusal?.message ?? '', /Camwall started on a full disk, so nothing is saved\. Free some space .*, then restart Camwall\.$/);
  }
  for (const name of ['cameras.list', 'app.info', 'cameras.snapshot', 'events.query', 'cameras.test'] as const) assert.equal(storage.refusal(name), null, name);
  storage.writeFailed();
  await clock.advance(STORAGE_RECHECK_MS * 3);
  assert.equal(storage.info().startedFull, true);
  assert.equal(storage.info().state, 'full');
  const dispatch = createDispatcher({ 'settings.set': () => assert.fail('not run') } as unknown as Handlers, { refuse: (name) => storage.refusal(name) });
  const refused = await dispatch('settings.set', { patch: {} }, context);
  assert.equal(refused.ok === false && refused.error.code, 'disk-full');
});
