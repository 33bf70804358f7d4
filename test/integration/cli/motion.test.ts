// `camwall motion` as a user runs it: a child process against the simulator's scenes. The
// walker's crossing comes out as one JSON line within 1 s of the truth with the clock excluded by
// a zones file; lights and noise print no event; bad zones, wrong credentials and a stream that
// stops early get probe's exit codes, and the password never shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../../main/simulator/server.ts';
import { parseScene, sceneMotionTruth, WALKER_INTERVALS } from '../../../main/simulator/scenes.ts';
import { lastJsonLine, runCli } from '../../support/run-cli.ts';
import { assertMatchesTruth, clockExcludeZone } from '../analysis/motion-scenes.ts';

const RESOLUTION = '640x480';
const TEST_TIMEOUT = 180_000;

test('camwall motion prints the walker\'s crossing within 1 s of the truth, the clock excluded, and nothing for lights and noise', { timeout: TEST_TIMEOUT }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'camwall-motion-cli-'));
  const simulator = await startSimulator({ cameras: 2, resolution: RESOLUTION, fps: 15, scenes: [parseScene('cam=1:walker+clock'), parseScene('cam=2:lights+noise')] });
  t.after(async () => { await simulator.close(); await rm(dir, { recursive: true, force: true }); });
  const zones = join(dir, 'zones.json');
  await writeFile(zones, JSON.stringify([clockExcludeZone(RESOLUTION)]));
  // Until the cycle's second crossing (12 s to 14.5 s) has ended and its quiet second passed.
  const duration = String(Math.ceil((simulator.startedAtMs + WALKER_INTERVALS[1]![1] + 3_000 - Date.now()) / 1000));
  const [walker, lights] = await Promise.all([
    runCli(['motion', simulator.urls[0]!, '--duration', duration, '--quiet', '1', '--zones', zones, '--json'], { deadlineMs: 120_000 }),
    runCli(['motion', simulator.urls[1]!, '--duration', duration, '--quiet', '1', '--json'], { deadlineMs: 120_000 }),
  ]);
  assert.equal(walker.code, 0, walker.stderr);
  assert.equal(lights.code, 0, lights.stderr);
  const lines = walker.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const events = lines.slice(0, -1) as Array<{ startMs: number; endMs: number; peakScore: number; box: Record<string, number>; zones: string[] }>;
  for (const event of events) {
    assert.deepEqual(Object.keys(event), ['startMs', 'endMs', 'peakScore', 'box', 'zones']);
    assert.deepEqual(Object.keys(event.box), ['x', 'y', 'w', 'h']);
  }
  // The first crossing (3 s to 7 s) may begin before the child has started and learnt the picture: compare from 8 s on.
  const from = simulator.startedAtMs + 8_000;
  const truth = sceneMotionTruth(['walker'], simulator.startedAtMs, from, Date.now()).filter((i) => i.startMs >= from);
  assertMatchesTruth('walker+clock', events.filter((e) => e.startMs >= from), truth, simulator.startedAtMs);
  const summary = lastJsonLine(walker.stdout).summary as { frames: number; analysed: number; events: number; recalibrations: number };
  assert.ok(summary.frames > 100 && summary.analysed > 40, JSON.stringify(summary));
  assert.equal(summary.events, events.length);

  const lightsLines = lights.stdout.trimEnd().split('\n');
  assert.equal(lightsLines.length, 1, `only the summary: ${lights.stdout}`);
  const lightsSummary = lastJsonLine(lights.stdout).summary as { frames: number; analysed: number; events: number; recalibrations: number };
  assert.equal(lightsSummary.events, 0);
  assert.ok(lightsSummary.recalibrations >= 2, 'the lights going up and down were taken as light switches');
});

test('camwall motion: a bad zones file is a usage error naming the zone; wrong credentials exit 3; a stream that stops exits 5', { timeout: TEST_TIMEOUT }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'camwall-motion-cli-'));
  const password = 's3cret-pässword';
  const simulator = await startSimulator({ cameras: 2, resolution: '320x240', fps: 10, auth: 'digest', user: 'root', password, faults: [{ kind: 'stall', camera: 2, frames: 20 }] });
  t.after(async () => { await simulator.close(); await rm(dir, { recursive: true, force: true }); });
  const zones = join(dir, 'zones.json');
  await writeFile(zones, JSON.stringify([{ name: 'door', kind: 'include', points: [[0, 0], [1, 1]] }]));
  const good = join(dir, 'password');
  await writeFile(good, `${password}\n`);
  const wrong = join(dir, 'wrong');
  await writeFile(wrong, 'nope\n');

  const [badZones, badAuth, stalled] = await Promise.all([
    runCli(['motion', simulator.urls[0]!, '--zones', zones]),
    runCli(['motion', simulator.urls[0]!, '--user', 'root', '--password-file', wrong, '--duration', '5']),
    runCli(['motion', simulator.urls[1]!, '--user', 'root', '--password-file', good, '--duration', '60', '--json'], { deadlineMs: 90_000 }),
  ]);
  assert.equal(badZones.code, 2);
  assert.match(badZones.stderr, /--zones: .*zones\.json: zone 1 \(points\) a zone needs at least 3 points/);
  assert.equal(badAuth.code, 3, badAuth.stderr);
  assert.equal(stalled.code, 5, stalled.stderr);
  assert.match(stalled.stderr, /no complete frame for 10 s|timeout|stopped/i);
  assert.equal((lastJsonLine(stalled.stdout).summary as Record<string, number>).frames, 20);
  for (const result of [badZones, badAuth, stalled]) assert.ok(!`${result.stdout}${result.stderr}`.includes(password), 'the password never shows');
});
