import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastStorage, ratePerDay, type CameraUsage } from '../../../main/recording/storage-forecast.ts';

const GB = 1024 ** 3;
const cam = (cameraId: string, gbPerDay: number | null, extra: Partial<CameraUsage> = {}): CameraUsage => ({
  cameraId, name: cameraId, recording: true, bytes: 0, bytesPerDay: gbPerDay === null ? null : gbPerDay * GB, maxDays: null, maxBytes: null, ...extra,
});
const noDisk = { totalBytes: 0, freeBytes: null, reserveBytes: null, allCamerasLimitBytes: null };
const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6, `${actual} ≈ ${expected}`);

test('a camera\'s own limits: its days, or its GB at its rate, whichever ends first', () => {
  const { cameras, warnings } = forecastStorage([cam('a', 10, { maxDays: 5 }), cam('b', 10, { maxDays: 7, maxBytes: 20 * GB })], noDisk);
  close(cameras[0]!.keepsDays, 5);
  assert.equal(cameras[0]!.limitedBy, 'camera-days');
  assert.equal(cameras[0]!.warning, null);
  close(cameras[1]!.keepsDays, 2);
  assert.equal(cameras[1]!.limitedBy, 'camera-gb');
  assert.match(cameras[1]!.warning ?? '', /^b is set to keep 7 days, but at its current rate \(10\.0 GiB a day\) its own storage limit holds only about 2\.0 days/);
  assert.deepEqual(warnings, [cameras[1]!.warning]);
});

test('the limit for all cameras gives every camera it binds the same span', () => {
  const { cameras } = forecastStorage([cam('a', 10), cam('b', 30)], { ...noDisk, allCamerasLimitBytes: 100 * GB });
  close(cameras[0]!.keepsDays, 2.5);
  close(cameras[1]!.keepsDays, 2.5);
  assert.deepEqual(cameras.map((c) => c.limitedBy), ['all-cameras-gb', 'all-cameras-gb']);
});

test('a camera whose own limit stops first leaves the rest of the shared budget to the others', () => {
  const { cameras } = forecastStorage([cam('a', 10, { maxDays: 1 }), cam('b', 30)], { ...noDisk, allCamerasLimitBytes: 100 * GB });
  close(cameras[0]!.keepsDays, 1);
  assert.equal(cameras[0]!.limitedBy, 'camera-days');
  close(cameras[1]!.keepsDays, 3);
  assert.equal(cameras[1]!.limitedBy, 'all-cameras-gb');
});

test('free space: what is stored plus what is free, less the reserve; a camera asking for more days is warned about', () => {
  const { cameras, warnings } = forecastStorage([cam('gate', 20, { maxDays: 30 })], { totalBytes: 50 * GB, freeBytes: 60 * GB, reserveBytes: 10 * GB, allCamerasLimitBytes: null });
  close(cameras[0]!.keepsDays, 5);
  assert.equal(cameras[0]!.limitedBy, 'free-space');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /gate is set to keep 30 days, but .* the free disk space \(less the space kept free\) holds only about 5\.0 days/);
  // The smaller of the two shared limits decides, and is named.
  const both = forecastStorage([cam('gate', 20)], { totalBytes: 50 * GB, freeBytes: 60 * GB, reserveBytes: 10 * GB, allCamerasLimitBytes: 40 * GB });
  close(both.cameras[0]!.keepsDays, 2);
  assert.equal(both.cameras[0]!.limitedBy, 'all-cameras-gb');
});

test('cameras that do not record hold their bytes; no rate or no limit forecasts nothing', () => {
  const { cameras } = forecastStorage(
    [cam('old', null, { recording: false, bytes: 40 * GB }), cam('live', 20), cam('new', null)],
    { ...noDisk, allCamerasLimitBytes: 100 * GB },
  );
  assert.equal(cameras[0]!.keepsDays, null);
  close(cameras[1]!.keepsDays, 3);
  assert.equal(cameras[2]!.keepsDays, null);
  assert.equal(forecastStorage([cam('a', 10)], noDisk).cameras[0]!.keepsDays, null);
});

test('ratePerDay scales the recent bytes to a day, and refuses a span too short to tell', () => {
  assert.equal(ratePerDay(GB, 3_600_000, 60_000), 24 * GB);
  assert.equal(ratePerDay(GB, 30_000, 60_000), null);
});
