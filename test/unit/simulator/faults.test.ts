import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEventActive, isRebooting, parseFault, type FaultSpec } from '../../../main/simulator/faults.ts';

const valid: Array<[string, FaultSpec]> = [
  ['drop:5', { kind: 'drop', frames: 5 }],
  ['stall:0', { kind: 'stall', frames: 0 }],
  ['503:3', { kind: '503', requests: 3 }],
  ['reboot:5/30', { kind: 'reboot', downSeconds: 5, periodSeconds: 30 }],
  ['corrupt:10', { kind: 'corrupt', every: 10 }],
  ['drip:20000', { kind: 'drip', bytesPerSecond: 20000 }],
  ['401', { kind: '401' }],
  ['resize:30/1280x720', { kind: 'resize', frames: 30, resolution: '1280x720' }],
  ['cam=3:drop:2', { kind: 'drop', camera: 3, frames: 2 }],
  ['cam=256:401', { kind: '401', camera: 256 }],
];
for (const [spec, expected] of valid) {
  test(`parseFault('${spec}')`, () => assert.deepEqual(parseFault(spec), expected));
}

const invalid: Array<[string, RegExp]> = [
  ['', /unknown fault ''/],
  ['explode:3', /unknown fault 'explode:3'/],
  ['drop', /the frame count must be a whole number, got ''/],
  ['drop:0', /the frame count must be between 1 and/],
  ['drop:-1', /must be a whole number, got '-1'/],
  ['drop:1.5', /must be a whole number/],
  ['drop:3:4', /too many ':' parts/],
  ['reboot:5', /reboot takes S\/T/],
  ['reboot:30/5', /seconds down \(30\) must be less than the period \(5\)/],
  ['cam=0:drop:1', /the camera number must be between 1 and 256/],
  ['cam=x:drop:1', /the camera number must be a whole number/],
  ['401:2', /401 takes no argument/],
  ['drip:0', /the bytes per second must be between 1 and/],
  ['resize:30', /resize takes N\/WxH/],
  ['resize:30/123x45', /123x45 is not a supported resolution; use one of 1920x1080/],
  ['resize:0/640x480', /the frame count must be between 1 and/],
];
for (const [spec, message] of invalid) {
  test(`parseFault('${spec}') throws a clear error`, () => assert.throws(() => parseFault(spec), message));
}

test('a reboot fault is down for S seconds of every T, starting at T', () => {
  const fault = { kind: 'reboot', downSeconds: 2, periodSeconds: 10 } as const;
  assert.equal(isRebooting(fault, 0), false);
  assert.equal(isRebooting(fault, 9_999), false);
  assert.equal(isRebooting(fault, 10_000), true);
  assert.equal(isRebooting(fault, 11_999), true);
  assert.equal(isRebooting(fault, 12_000), false);
  assert.equal(isRebooting(fault, 20_500), true);
});

test('event faults: a schedule per kind and camera, and the device-wide event faults', () => {
  assert.deepEqual(parseFault('cam=2:event:motion/500/2000'), { kind: 'event', camera: 2, event: 'motion', onMs: 500, periodMs: 2000 });
  assert.deepEqual(parseFault('noevents'), { kind: 'noevents' });
  assert.deepEqual(parseFault('eventdrop:3'), { kind: 'eventdrop', notifications: 3 });
  assert.throws(() => parseFault('event:smoke/1/2'), /KIND one of motion, tampering, daynight, input/);
  assert.throws(() => parseFault('event:motion/2000/2000'), /must be less than the period/);
  assert.throws(() => parseFault('cam=1:noevents'), /whole device/);
  const fault = parseFault('event:motion/500/2000') as Extract<ReturnType<typeof parseFault>, { kind: 'event' }>;
  assert.deepEqual([0, 1999, 2000, 2499, 2500, 4100].map((ms) => isEventActive(fault, ms)), [false, false, true, true, false, true]);
});
