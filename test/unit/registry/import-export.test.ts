import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestRegistry, dump } from './helpers.ts';
import { ImportError, PLAIN_TEXT_PASSWORDS_WARNING } from '../../../main/registry/import-export.ts';
import { fieldsOf } from '../../../main/registry/cameras.ts';

async function seed(registry: Awaited<ReturnType<typeof openTestRegistry>>) {
  const door = await registry.cameras.add({ name: 'Door', host: '192.0.2.10', username: 'viewer', password: 'door-pass', resolution: '640x480', recordMode: 'scheduled', schedule: [{ day: 1, from: '08:00', to: '18:00' }] });
  const yard = await registry.cameras.add({ name: 'Yard', kind: 'url', scheme: 'https', host: 'yard.example', path: '/mjpg', certSha256: 'ab'.repeat(32) });
  return { door, yard };
}

test('export leaves passwords out unless asked, and then warns', async (t) => {
  const registry = await openTestRegistry(t);
  await seed(registry);
  const plain = await registry.exportCameras();
  assert.equal(plain.format, 'camwall.cameras');
  assert.equal(plain.version, 1);
  assert.equal(plain.includesPasswords, false);
  assert.equal('warning' in plain, false);
  assert.equal(JSON.stringify(plain).includes('door-pass'), false);
  assert.deepEqual(plain.cameras.map((c) => [c.name, c.hasPassword]), [['Door', true], ['Yard', false]]);

  const withPasswords = await registry.exportCameras({ includePasswords: true });
  assert.equal(withPasswords.includesPasswords, true);
  assert.equal(withPasswords.warning, PLAIN_TEXT_PASSWORDS_WARNING);
  assert.equal(withPasswords.cameras[0]?.password, 'door-pass');
  assert.equal('password' in (withPasswords.cameras[1] ?? {}), false);
});

test('export then import into an empty registry round-trips every camera with its id', async (t) => {
  const source = await openTestRegistry(t);
  await seed(source);
  const document = JSON.parse(JSON.stringify(await source.exportCameras({ includePasswords: true })));
  const target = await openTestRegistry(t);
  const result = await target.importCameras(document);
  assert.deepEqual(result.updated, []);
  assert.deepEqual(result.added, source.cameras.list().map((c) => c.id));
  assert.deepEqual(target.cameras.list().map((c) => ({ id: c.id, ...fieldsOf(c), hasPassword: c.hasPassword })), source.cameras.list().map((c) => ({ id: c.id, ...fieldsOf(c), hasPassword: c.hasPassword })));
  assert.equal((await target.cameras.getCredentials(result.added[0]!)).password, 'door-pass');
});

test('importing over existing ids updates those cameras and keeps passwords the file lacks', async (t) => {
  const registry = await openTestRegistry(t);
  const { door } = await seed(registry);
  const document = await registry.exportCameras();
  document.cameras[0]!.name = 'Door (renamed)';
  const result = await registry.importCameras(document);
  assert.equal(result.updated.length, 2);
  assert.equal(registry.cameras.get(door.id)?.name, 'Door (renamed)');
  assert.equal((await registry.cameras.getCredentials(door.id)).password, 'door-pass');
  assert.equal(registry.cameras.list().length, 2);
});

test('an import with any bad entry changes nothing and reports each entry', async (t) => {
  const registry = await openTestRegistry(t);
  await seed(registry);
  const before = dump(registry);
  const seen = registry.seen.length;
  const document = {
    format: 'camwall.cameras',
    version: 1,
    cameras: [
      { name: 'Good', host: 'good.local', password: 'good-pass' },
      { name: 'Bad port', host: 'bad.local', port: 0 },
      { id: 'cam-dup', name: 'One', host: 'a.local' },
      { id: 'cam-dup', name: 'Two', host: 'b.local', path: 'relative', kind: 'url' },
      'not a camera',
    ],
  };
  await assert.rejects(registry.importCameras(document), (error: unknown) => {
    assert.ok(error instanceof ImportError);
    assert.deepEqual(error.entries.map((e) => [e.index, e.name, e.errors.map((x) => x.field)]), [
      [1, 'Bad port', ['port']],
      [3, 'Two', ['path', 'id']],
      [4, null, ['']],
    ]);
    assert.match(error.message, /cameras\[1\] \(Bad port\)\.port: must be an integer from 1 to 65535/);
    assert.match(error.message, /cameras\[3\] \(Two\)\.id: cam-dup is also used by cameras\[2\]/);
    return true;
  });
  assert.deepEqual(dump(registry), before);
  assert.equal(registry.seen.length, seen);
});

test('files that are not a camera list, or from a newer Camwall, are refused', async (t) => {
  const registry = await openTestRegistry(t);
  await assert.rejects(registry.importCameras({ cameras: [] }), /format: must be 'camwall.cameras'/);
  await assert.rejects(registry.importCameras({ format: 'camwall.cameras', version: 2, cameras: [] }), /version: must be from 1 to 1; a higher version was written by a newer Camwall/);
  await assert.rejects(registry.importCameras(null), ImportError);
});
