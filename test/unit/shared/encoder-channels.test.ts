import { test } from 'node:test';
import assert from 'node:assert/strict';
import { channelCameras } from '../../../shared/encoder-channels.ts';
import { cameraInputSchema } from '../../../shared/camera.ts';

const draft = { name: 'Yard encoder', kind: 'vapix' as const, scheme: 'http' as const, host: '192.0.2.20', port: null, username: 'root', password: 'pw', channel: null };

test('every channel of a 16-channel encoder becomes a camera named "<name> N", valid as cameras.add takes it', () => {
  const plan = channelCameras(draft, 16, []);
  assert.deepEqual(plan.skipped, []);
  assert.deepEqual(plan.inputs.map((c) => [c.name, c.channel]), Array.from({ length: 16 }, (_, i) => [`Yard encoder ${i + 1}`, i + 1]));
  for (const input of plan.inputs) {
    const parsed = cameraInputSchema.parse(input);
    assert.equal(parsed.host, '192.0.2.20');
    assert.equal(parsed.username, 'root');
  }
});

test('channels of the same device already in the list are skipped; other devices and ports do not count', () => {
  const existing = [
    { kind: 'vapix' as const, scheme: 'http' as const, host: '192.0.2.20', port: 80, channel: null }, // channel 1 by default
    { kind: 'vapix' as const, scheme: 'http' as const, host: '192.0.2.20', port: 80, channel: 3 },
    { kind: 'vapix' as const, scheme: 'http' as const, host: '192.0.2.20', port: 8080, channel: 2 },
    { kind: 'vapix' as const, scheme: 'http' as const, host: '192.0.2.21', port: 80, channel: 4 },
    { kind: 'url' as const, scheme: 'http' as const, host: '192.0.2.20', port: 80, channel: null },
  ];
  const plan = channelCameras(draft, 4, existing);
  assert.deepEqual(plan.skipped, [1, 3]);
  assert.deepEqual(plan.inputs.map((c) => c.channel), [2, 4]);
});

test('an empty name takes the host; a long name is cut so the number still fits the name limit', () => {
  assert.equal(channelCameras({ ...draft, name: '' }, 1, []).inputs[0]?.name, '192.0.2.20 1');
  const long = channelCameras({ ...draft, name: 'x'.repeat(64) }, 12, []).inputs;
  assert.equal(long[11]?.name.length, 64);
  assert.ok(long[11]?.name.endsWith(' 12'));
  assert.equal(cameraInputSchema.safeParse(long[11]).success, true);
});

test('the count is bounded by the largest channel a camera can have', () => {
  assert.equal(channelCameras(draft, 500, []).inputs.length, 64);
  assert.equal(channelCameras(draft, 0, []).inputs.length, 0);
});
