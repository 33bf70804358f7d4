// The live store's initial states: cameras.statuses at start and after a reconnect, without
// overwriting a newer camera.status event that overtook the answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CamwallApi } from '../../../shared/api/verbs.ts';
import type { ApiPushes } from '../../../shared/api/pushes.ts';
import type { CameraStatus } from '../../../shared/camera-status.ts';
import { LiveStore } from '../../../renderer/app/live-store.ts';

const status = (state: CameraStatus['state'], since: number): CameraStatus => ({ state, reason: state, since });

/** An API with only what the store uses: the two state calls, answered from `answers`, and events. */
function fakeApi(answers: { statuses: Record<string, CameraStatus> }) {
  const handlers = new Map<string, Set<(payload: never) => void>>();
  const api = {
    cameras: { statuses: async () => ({ ok: true, value: answers.statuses }) },
    recordings: { states: async () => ({ ok: true, value: [] }) },
    on: (name: string, handler: (payload: never) => void) => {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name)!.add(handler);
      return () => handlers.get(name)!.delete(handler);
    },
  } as unknown as CamwallApi;
  const emit = <E extends keyof ApiPushes>(name: E, payload: ApiPushes[E]) => handlers.get(name)?.forEach((h) => h(payload as never));
  return { api, emit };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveStore', () => {
  it('knows each camera state from cameras.statuses before any event', async () => {
    const { api } = fakeApi({ statuses: { a: status('live', 100), b: status('auth-failed', 90) } });
    const store = new LiveStore();
    let notified = 0;
    store.watch('a', () => notified++);
    store.connect(api);
    await settle();
    assert.equal(store.get('a').status?.state, 'live');
    assert.equal(store.get('b').status?.state, 'auth-failed');
    assert.equal(notified, 1);
  });

  it('keeps a newer status event that arrived before the answer', async () => {
    const { api, emit } = fakeApi({ statuses: { a: status('connecting', 100) } });
    const store = new LiveStore();
    store.connect(api);
    emit('camera.status', { cameraId: 'a', status: status('live', 200) });
    await settle();
    assert.equal(store.get('a').status?.state, 'live');
  });

  it('takes the newer state on refresh after a reconnect', async () => {
    const answers = { statuses: { a: status('live', 100) } };
    const { api } = fakeApi(answers);
    const store = new LiveStore();
    store.connect(api);
    await settle();
    answers.statuses = { a: status('error', 300) };
    store.refresh(api);
    await settle();
    assert.equal(store.get('a').status?.state, 'error');
  });
});
