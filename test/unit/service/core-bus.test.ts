import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoreBus, type CameraMotionEvent } from '../../../main/service/core-bus.ts';

test('publish hands the event to every listener; one that throws is reported and the others still hear it', () => {
  const failures: string[] = [];
  const bus = new CoreBus((error, name) => failures.push(`${name}: ${(error as Error).message}`));
  const heard: CameraMotionEvent[] = [];
  bus.on('camera.motion', () => {
    throw new Error('broken listener');
  });
  bus.on('camera.motion', (event) => heard.push(event));
  const event: CameraMotionEvent = { cameraId: 'cam-a', source: 'camera', state: 'start', atMs: 1, topic: 'tnsaxis:CameraApplicationPlatform/VMD/Camera1Profile1' };
  bus.publish('camera.motion', event);
  assert.deepEqual(heard, [event]);
  assert.deepEqual(failures, ['camera.motion: broken listener']);
});
