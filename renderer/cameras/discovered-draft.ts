// "Use this" on a camera the network scan found: its address, port, protocol and kind go into
// the add-camera form, and its name unless the user typed one of their own.
import type { DiscoveredCamera } from '../../shared/discovery.ts';
import type { CameraDraft } from './camera-draft.ts';

/** The name a found device suggests: its product name, its model, or its address. */
export function suggestedName(device: DiscoveredCamera): string {
  return device.name ?? (device.model !== null ? device.model : device.host);
}

/**
 * `draft` with `device` filled in. `foundNames` are the names every device of the scan suggests:
 * a name that is one of them came from an earlier "Use this" and is replaced; any other name
 * the user typed stays.
 */
export function fillFromDiscovered(draft: CameraDraft, device: DiscoveredCamera, foundNames: readonly string[]): CameraDraft {
  const typed = draft.name.trim() !== '' && !foundNames.includes(draft.name);
  return {
    ...draft,
    name: typed ? draft.name : suggestedName(device),
    kind: device.kind,
    scheme: device.scheme,
    host: device.host,
    port: device.port === null ? '' : String(device.port),
    // A pinned certificate belongs to the camera it was pinned for.
    certSha256: draft.host === device.host ? draft.certSha256 : '',
  };
}
