import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logCameraChange } from '../../../main/service/camera-log.ts';
import { openTestRegistry } from '../registry/helpers.ts';

const context = { shell: 'browser' as const, caller: 'ws client 7' };

test('a camera change is logged with who made it, and a row the event log refuses is reported, not swallowed', async (t) => {
  const registry = await openTestRegistry(t);
  const camera = await registry.cameras.add({ name: 'Porch', host: '192.0.2.5' });
  const entries: string[] = [];
  const failures: string[] = [];
  logCameraChange(registry.events, { kind: 'camera.added', camera }, context, (entry) => entries.push(entry.message), (line) => failures.push(line));
  assert.deepEqual(entries, ['Camera “Porch” added from a browser (ws client 7)']);
  assert.equal(failures.length, 0, failures.join('\n'));

  registry.close(); // the event log can no longer write, as on a failing disk
  logCameraChange(registry.events, { kind: 'camera.removed', camera }, context, (entry) => entries.push(entry.message), (line) => failures.push(line));
  assert.equal(entries.length, 1);
  assert.equal(failures.length, 1);
  assert.match(failures[0]!, /could not write “Camera “Porch” removed from a browser \(ws client 7\).*” to the event log: .+/);
});
