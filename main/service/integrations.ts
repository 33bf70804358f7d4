// Alerts and integrations hung off the core's PushBus: the notification policy (its notices go
// out as the `notification.show` push, which each shell shows its own way) and the MQTT bridge.
// Both only listen: neither can slow the pushes' other listeners, the streams or the recorders.
import type { Clock } from '../base/clock.ts';
import type { Registry } from '../registry/registry.ts';
import type { PushBus } from '../../shared/api/push-bus.ts';
import type { CameraState } from '../../shared/camera-status.ts';
import type { Frame } from '../../shared/frame.ts';
import { NotifyPolicy } from '../integrations/notify-policy.ts';
import { MqttBridge, type MqttOverride } from '../integrations/mqtt/mqtt-bridge.ts';
import { adoptLegacyPasswordFile, MqttPasswordStore } from '../integrations/mqtt/mqtt-password.ts';

export type IntegrationsDeps = {
  registry: Registry;
  events: PushBus;
  dataDir: string;
  version: string;
  clock: Clock;
  cameraState(cameraId: string): CameraState | null;
  latestFrame(cameraId: string): Promise<Frame | null>;
  /** A motion event's stored thumbnail (the MQTT snapshot at its end), once motion is wired into the core. */
  thumbnail?(eventId: number): Promise<Uint8Array | null>;
  mqtt?: MqttOverride;
  log(line: string): void;
};

export type Integrations = { notifications: NotifyPolicy; mqtt: MqttBridge; close(): Promise<void> };

export function startIntegrations(deps: IntegrationsDeps): Integrations {
  const { registry, events } = deps;
  const nameOf = (id: string): string => registry.cameras.get(id)?.name ?? id;
  // Read once and again on each change: a busy motion feed must not parse the settings per event.
  const readSettings = () => {
    const all = registry.settings.getAll();
    return { notifications: all.notifications, notifyOnOffline: all.notifyOnOffline };
  };
  let settings = readSettings();
  const notifications = new NotifyPolicy({
    clock: deps.clock,
    settings: () => settings,
    cameraName: nameOf,
    show: (notice) => events.emit('notification.show', { notice }),
  });
  const offs = [
    events.on('camera.status', ({ cameraId, status }) => notifications.cameraStatus(cameraId, status)),
    events.on('recording.state', ({ cameraId, state, message }) => notifications.recordingState(cameraId, state, message)),
    events.on('storage.changed', ({ storage }) => notifications.storage(storage)),
    events.on('motion.event', ({ event }) => notifications.motion(event)),
    registry.changes.subscribe((change) => {
      if (change.entity === 'camera' && change.type === 'removed') notifications.forget(change.camera.id);
      if (change.entity === 'settings' && (change.keys.includes('notifications') || change.keys.includes('notifyOnOffline'))) settings = readSettings();
    }),
  ];
  adoptLegacyPasswordFile(deps.dataDir, registry.namedSecrets, deps.log);
  const mqtt = new MqttBridge({
    clock: deps.clock,
    events,
    registry,
    passwords: new MqttPasswordStore(registry.namedSecrets),
    version: deps.version,
    cameraState: deps.cameraState,
    latestFrame: deps.latestFrame,
    ...(deps.thumbnail ? { thumbnail: deps.thumbnail } : {}),
    ...(deps.mqtt ? { override: deps.mqtt } : {}),
    log: deps.log,
  });
  return {
    notifications,
    mqtt,
    async close() {
      for (const off of offs) off();
      notifications.close();
      await mqtt.close();
    },
  };
}
