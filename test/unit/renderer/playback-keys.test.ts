// The playback keys: what each does, that the live wall takes only the ones that start playback,
// and that none is a key the wall or the app already uses (both listeners see every key).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PLAYBACK_SHORTCUTS, playbackAction } from '../../../renderer/playback/playback-keys.ts';

/** The wall's (Wall.tsx) and the app's (App.tsx) keys, upper and lower case where they read both. */
const TAKEN = ['1', '2', '3', '4', '5', '6', '7', '8', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter', 'Escape', 's', 'S', 'r', 'R', '+', '=', '-', '0', '[', ']', 't', 'T', 'l', 'L', 'f', 'F', '?', 'w', 'W', 'c', 'C', 'p', 'P', 'e', 'E', ','];

describe('playback keys', () => {
  it('map to the controls', () => {
    assert.deepEqual(playbackAction(' ', true), { kind: 'play-pause' });
    assert.deepEqual(playbackAction('>', true), { kind: 'step', frames: 1 });
    assert.deepEqual(playbackAction('<', true), { kind: 'step', frames: -1 });
    assert.deepEqual(playbackAction('a', true), { kind: 'jump', ms: -10_000 });
    assert.deepEqual(playbackAction('D', true), { kind: 'jump', ms: 60_000 });
    assert.deepEqual(playbackAction('}', true), { kind: 'speed', direction: 1 });
    assert.deepEqual(playbackAction('\\', true), { kind: 'reverse' });
    assert.deepEqual(playbackAction('G', true), { kind: 'gap', direction: -1 });
    assert.deepEqual(playbackAction('n', true), { kind: 'event', direction: 1 });
    assert.deepEqual(playbackAction('/', true), { kind: 'go-to' });
  });

  it('on a live wall, only start playback, pick a tile to play, or go to a time', () => {
    assert.deepEqual(playbackAction('b', false), { kind: 'toggle-playback' });
    assert.deepEqual(playbackAction('o', false), { kind: 'tile-sync' });
    assert.deepEqual(playbackAction('/', false), { kind: 'go-to' });
    for (const key of [' ', '>', 'a', '}', '\\', 'g', 'n', 'z', 'v']) assert.equal(playbackAction(key, false), null, key);
  });

  it('use no key of the wall or the app', () => {
    for (const key of TAKEN) assert.equal(playbackAction(key, true), null, `${key} belongs to the wall or the app`);
  });

  it('are all listed in the help overlay', () => {
    const listed = PLAYBACK_SHORTCUTS.map(([keys]) => keys).join(' ');
    for (const key of ['B', 'V', 'O', 'Space', 'K', '<', '>', 'A', 'D', '{', '}', '\\', 'G', 'N', 'Z', '/']) assert.ok(listed.includes(key), key);
  });
});
