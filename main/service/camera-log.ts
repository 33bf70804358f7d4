// Writes who added, changed or removed a camera into the event log: which shell (the desktop app
// or a browser) and which of its clients ('window 2', 'ws client 7'), and for a change the
// fields that changed (a password change is named, its value never). The row keeps the camera
// id; the message carries the name, which is what people read after the camera is gone.
import type { EventEntry } from '../../shared/api/domain.ts';
import type { Camera } from '../../shared/camera.ts';
import type { EventLog } from '../registry/event-log.ts';
import type { CallContext } from './dispatch.ts';

/** Field names as the camera form labels them. */
const FIELD_LABELS: Partial<Record<keyof Camera, string>> = {
  name: 'name', kind: 'type', scheme: 'protocol', host: 'address', port: 'port', resolution: 'resolution', fps: 'frame rate',
  compression: 'compression', channel: 'channel', rotation: 'rotation', path: 'stream path', subResolution: 'tile stream resolution',
  subFps: 'tile stream frame rate', subPath: 'smaller stream path', username: 'username', hasPassword: 'password', certSha256: 'pinned certificate',
  allowBasicAfterDigest: 'Basic after Digest', enabled: 'enabled', recordMode: 'recording', schedule: 'schedule', retentionDays: 'days kept',
  retentionGb: 'storage limit',
};

export type CameraChange =
  | { kind: 'camera.added'; camera: Camera }
  | { kind: 'camera.changed'; before: Camera; after: Camera; passwordChanged: boolean }
  | { kind: 'camera.removed'; camera: Camera };

/** "the desktop app (window 2)", "a browser (ws client 7)", "import". */
export function callerOf(context: CallContext): { shell: CallContext['shell']; client: string; text: string } {
  const client = context.client?.id ?? context.caller;
  return { shell: context.shell, client, text: `${context.shell === 'electron' ? 'the desktop app' : 'a browser'} (${client})` };
}

/** The labels of the fields that differ, password included when it was set or cleared. */
export function changedFields(before: Camera, after: Camera, passwordChanged: boolean): string[] {
  const changed: string[] = [];
  for (const [key, label] of Object.entries(FIELD_LABELS) as Array<[keyof Camera, string]>) {
    if (key === 'hasPassword') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed.push(label);
  }
  if (passwordChanged || before.hasPassword !== after.hasPassword) changed.push('password');
  return changed;
}

/**
 * Writes the row and hands it on (events.appended). A failed write loses the row, never the call
 * (the change itself is saved and the caller gets its answer), and says so through `onFailure`.
 */
export function logCameraChange(
  log: EventLog,
  change: CameraChange,
  context: CallContext,
  onEntry: (entry: EventEntry) => void,
  onFailure: (message: string) => void,
): void {
  const caller = callerOf(context);
  let cameraId: string;
  let message: string;
  let data: Record<string, unknown> = { shell: caller.shell, client: caller.client };
  switch (change.kind) {
    case 'camera.added':
      cameraId = change.camera.id;
      message = `Camera “${change.camera.name}” added from ${caller.text}`;
      data = { ...data, name: change.camera.name };
      break;
    case 'camera.removed':
      cameraId = change.camera.id;
      message = `Camera “${change.camera.name}” removed from ${caller.text}; its recordings stay until retention deletes them`;
      data = { ...data, name: change.camera.name };
      break;
    case 'camera.changed': {
      const fields = changedFields(change.before, change.after, change.passwordChanged);
      if (fields.length === 0) return;
      cameraId = change.after.id;
      const renamed = change.before.name !== change.after.name ? ` (was “${change.before.name}”)` : '';
      message = `Camera “${change.after.name}”${renamed} changed from ${caller.text}: ${fields.join(', ')}`;
      data = { ...data, name: change.after.name, fields };
      break;
    }
  }
  try {
    const event = log.insert({ cameraId, kind: change.kind, message, data });
    onEntry({ id: event.id, atMs: event.atMs, cameraId: event.cameraId, kind: event.kind, message: event.message, data: event.data });
  } catch (error) {
    // A full disk may refuse the row.
    onFailure(`could not write “${message}” to the event log: ${error instanceof Error ? error.message : String(error)}`);
  }
}
