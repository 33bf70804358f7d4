// "Use this" on a found camera: what goes into the add-camera form, and what stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDraft } from '../../../renderer/cameras/camera-draft.ts';
import { fillFromDiscovered, suggestedName } from '../../../renderer/cameras/discovered-draft.ts';
import type { DiscoveredCamera } from '../../../shared/discovery.ts';

const axis: DiscoveredCamera = {
  id: 'serial:ACCC8E012345', host: '192.0.2.10', scheme: 'http', port: null, httpPort: 80, httpsPort: 443, vendor: 'axis', model: 'M3045-V', name: 'AXIS M3045-V',
  serial: 'ACCC8E012345', hostname: null, kind: 'vapix', sources: ['_vapix-http._tcp'], onvifAddresses: [], http: { status: 401, error: null }, setupNeeded: true,
};
const other: DiscoveredCamera = { ...axis, id: 'host:192.0.2.20', host: '192.0.2.20', port: 8080, vendor: null, model: 'AC-100', name: null, serial: null, kind: 'url', scheme: 'https' };

test('fills address, port, protocol, kind and the name from the model', () => {
  const draft = fillFromDiscovered(emptyDraft(null), axis, ['AXIS M3045-V', 'AC-100']);
  assert.deepEqual([draft.name, draft.kind, draft.scheme, draft.host, draft.port], ['AXIS M3045-V', 'vapix', 'http', '192.0.2.10', '']);
  const next = fillFromDiscovered(draft, other, ['AXIS M3045-V', 'AC-100']);
  assert.deepEqual([next.name, next.kind, next.scheme, next.host, next.port], ['AC-100', 'url', 'https', '192.0.2.20', '8080'], 'a name from an earlier "Use this" is replaced');
});

test('a name the user typed stays; so do the fields discovery knows nothing about', () => {
  const typed = { ...emptyDraft(null), name: 'Front door', username: 'viewer', password: 'secret', recordMode: 'continuous' as const };
  const draft = fillFromDiscovered(typed, axis, [suggestedName(axis)]);
  assert.deepEqual([draft.name, draft.username, draft.password, draft.recordMode], ['Front door', 'viewer', 'secret', 'continuous']);
});

test('a pinned certificate is dropped when the address changes', () => {
  const pinned = { ...emptyDraft(null), host: '192.0.2.99', certSha256: 'a'.repeat(64) };
  assert.equal(fillFromDiscovered(pinned, axis, []).certSha256, '');
  assert.equal(fillFromDiscovered({ ...pinned, host: '192.0.2.10' }, axis, []).certSha256, 'a'.repeat(64));
});

test('a device without name or model is named by its address', () => {
  assert.equal(suggestedName({ ...other, model: null }), '192.0.2.20');
});
