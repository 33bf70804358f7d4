// An encoder's or multi-sensor camera's channels as cameras, added in one go: channel N of the
// draft's device becomes "<name> N", and channels already in the list (same device, same
// channel) are skipped, so pressing the button twice adds nothing twice.
import { MAX_CHANNEL, MAX_NAME_LENGTH, type Camera, type CameraInput } from './camera.ts';

export type ChannelPlan = { inputs: CameraInput[]; skipped: number[] };

type Device = Pick<Camera, 'kind' | 'scheme' | 'host' | 'port' | 'channel'>;
type Address = { scheme: Camera['scheme']; host: string; port: number | null };

function sameDevice(a: Address, b: Address): boolean {
  const port = (d: Address) => d.port ?? (d.scheme === 'https' ? 443 : 80);
  return a.host.replace(/^\[|\]$/g, '').toLowerCase() === b.host.replace(/^\[|\]$/g, '').toLowerCase() && port(a) === port(b);
}

/**
 * The cameras to add for channels 1..`sources` of `draft`'s device. `draft` is what the form
 * would add (kind 'vapix'); each input copies it with its own channel and name.
 */
export function channelCameras(draft: CameraInput, sources: number, existing: readonly Device[]): ChannelPlan {
  const count = Math.min(Math.max(0, Math.floor(sources)), MAX_CHANNEL);
  const device = { scheme: draft.scheme ?? 'http', host: draft.host.trim(), port: typeof draft.port === 'number' ? draft.port : null };
  const taken = new Set(existing.filter((c) => c.kind === 'vapix' && sameDevice(c, device)).map((c) => c.channel ?? 1));
  const base = draft.name.trim() === '' ? device.host : draft.name.trim();
  const inputs: CameraInput[] = [];
  const skipped: number[] = [];
  for (let channel = 1; channel <= count; channel++) {
    if (taken.has(channel)) {
      skipped.push(channel);
      continue;
    }
    const suffix = ` ${channel}`;
    inputs.push({ ...draft, kind: 'vapix', channel, name: base.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix });
  }
  return { inputs, skipped };
}
