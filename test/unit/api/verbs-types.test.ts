// The verbs the renderer calls are derived from the call table: these lines fail to COMPILE
// (npx tsc -b) if the derivation breaks; the runtime half checks createApi routes names right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApi, type ApiTransport, type CamwallApi } from '../../../shared/api/verbs.ts';
import { CALL_NAMES, type CallName } from '../../../shared/api/calls.ts';
import { ok, type Result } from '../../../shared/api/result.ts';

test('createApi turns every call name into a nested verb that invokes that name', async () => {
  const seen: Array<[CallName, unknown]> = [];
  const transport: ApiTransport = {
    invoke: async (name, args) => {
      seen.push([name, args]);
      return ok(name);
    },
    on: () => () => {},
    frames: { subscribe: () => () => {} },
  };
  const api: CamwallApi = createApi(transport);
  for (const name of CALL_NAMES) {
    const [group, verb] = name.split('.') as [string, string];
    const fn = (api as unknown as Record<string, Record<string, (a?: unknown) => Promise<Result<unknown>>>>)[group]?.[verb];
    assert.equal(typeof fn, 'function', `api.${group}.${verb} is missing`);
    const result = await fn!({ marker: name });
    assert.deepEqual(result, { ok: true, value: name });
  }
  assert.deepEqual(seen.map(([name]) => name), CALL_NAMES);
  // A call without an argument sends an empty object, so the schema sees `{}` and not undefined.
  await api.cameras.list();
  assert.deepEqual(seen.at(-1), ['cameras.list', {}]);
});

// Compile-time checks: wrong argument shapes must not type-check.
export function typeChecks(api: CamwallApi): void {
  void api.cameras.add({ camera: { name: 'Door', host: '192.0.2.10' } });
  void api.cameras.update({ id: 'cam-1', patch: { name: 'Gate' } });
  void api.settings.get();
  // @ts-expect-error cameras.get needs an id
  void api.cameras.get({});
  // @ts-expect-error a camera needs a host
  void api.cameras.add({ camera: { name: 'Door' } });
  // @ts-expect-error unknown verb
  void api.cameras.explode();
  api.on('camera.status', (payload) => void payload.status.state);
  // @ts-expect-error unknown event
  api.on('camera.exploded', () => {});
}
