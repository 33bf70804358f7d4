// Topic names and payloads of the MQTT bridge, pure. Topics carry the camera's id, never its name:
// ids are stable and already topic-safe (lowercase letters, digits, dashes), so renaming a camera
// changes only the device name Home Assistant shows, never a topic or a unique_id (its entities
// and their history stay). Names only reach the discovery configs' `device.name`.
import type { Camera } from '../../../shared/camera.ts';
import type { CameraState } from '../../../shared/camera-status.ts';
import type { MotionEvent } from '../../../shared/motion.ts';

/** Home Assistant's default discovery prefix, and its birth/will topic. */
export const HA_DISCOVERY_PREFIX = 'homeassistant';
export const HA_STATUS_TOPIC = `${HA_DISCOVERY_PREFIX}/status`;
/** Longest topic level made from outside text (MQTT allows 65,535 bytes for the whole topic). */
export const MAX_TOPIC_LEVEL_CHARS = 64;

/** A topic level from any text: no separators or wildcards, stable for the same input. */
export function topicLevel(text: string): string {
  const level = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_TOPIC_LEVEL_CHARS);
  return level === '' ? '_' : level;
}

export type Topics = ReturnType<typeof topicsOf>;

export function topicsOf(prefix: string) {
  const camera = (id: string) => `${prefix}/${topicLevel(id)}`;
  return {
    available: `${prefix}/available`,
    events: `${prefix}/events`,
    /** Answers to commands (accepted or refused, and why). */
    commandResult: `${prefix}/command_result`,
    status: (id: string) => `${camera(id)}/status`,
    motion: (id: string) => `${camera(id)}/motion`,
    snapshot: (id: string) => `${camera(id)}/snapshot`,
    recording: (id: string) => `${camera(id)}/recording`,
    recordingSet: (id: string) => `${camera(id)}/recording/set`,
    /** What the bridge subscribes to for commands. */
    recordingSetFilter: `${prefix}/+/recording/set`,
    /** The camera id of a command topic, or null when it is not one. */
    commandCamera(topic: string): string | null {
      const start = `${prefix}/`;
      const end = '/recording/set';
      if (!topic.startsWith(start) || !topic.endsWith(end)) return null;
      const id = topic.slice(start.length, topic.length - end.length);
      return id.length > 0 && !id.includes('/') ? id : null;
    },
  };
}

/** `<prefix>/<camera>/status`: live, offline, auth failed, or idle (nobody needs the stream). */
export function statusPayload(state: CameraState | null): string {
  if (state === 'live') return 'live';
  if (state === 'auth-failed') return 'auth failed';
  if (state === 'stopped' || state === null) return 'idle';
  return 'offline';
}

/** `<prefix>/events`: one JSON message per motion event change (new, update, end). */
export function eventPayload(type: 'new' | 'update' | 'end', event: MotionEvent, cameraName: string): string {
  return JSON.stringify({
    type,
    id: event.id,
    camera: event.cameraId,
    camera_name: cameraName,
    source: event.source,
    start_time: event.startMs / 1000,
    end_time: event.endMs === null ? null : event.endMs / 1000,
    score: event.peakScore,
    box: event.box,
    zones: event.zones,
    has_snapshot: event.hasThumbnail,
  });
}

export type DiscoveryConfig = { topic: string; payload: string };

/**
 * Home Assistant MQTT discovery, one retained config per entity, grouped into one device per
 * camera by `device.identifiers`: a motion and a connectivity binary sensor, an image entity fed
 * by the snapshot topic, and (only while remote control is on) a recording switch. A config
 * with an empty payload removes its entity; `removedDiscovery` gives those.
 */
export function discoveryConfigs(camera: Pick<Camera, 'id' | 'name' | 'kind'>, topics: Topics, options: { version: string; remoteControl: boolean }): DiscoveryConfig[] {
  const node = `camwall_${topicLevel(camera.id)}`;
  const common = {
    availability: [{ topic: topics.available, payload_available: 'online', payload_not_available: 'offline' }],
    device: {
      identifiers: [node],
      name: camera.name,
      manufacturer: 'Camwall',
      model: camera.kind === 'vapix' ? 'Axis camera (VAPIX)' : 'MJPEG camera',
    },
    origin: { name: 'Camwall', sw_version: options.version },
  };
  const configs: Array<{ component: string; object: string; body: Record<string, unknown> }> = [
    {
      component: 'binary_sensor',
      object: 'motion',
      body: { name: 'Motion', unique_id: `${node}_motion`, device_class: 'motion', state_topic: topics.motion(camera.id), payload_on: 'ON', payload_off: 'OFF' },
    },
    {
      component: 'binary_sensor',
      object: 'connectivity',
      body: {
        name: 'Stream',
        unique_id: `${node}_connectivity`,
        device_class: 'connectivity',
        entity_category: 'diagnostic',
        state_topic: topics.status(camera.id),
        value_template: "{{ 'ON' if value == 'live' else 'OFF' }}",
        payload_on: 'ON',
        payload_off: 'OFF',
      },
    },
    {
      component: 'image',
      object: 'snapshot',
      body: { name: 'Snapshot', unique_id: `${node}_snapshot`, image_topic: topics.snapshot(camera.id), content_type: 'image/jpeg' },
    },
  ];
  const out = configs.map(({ component, object, body }) => ({
    topic: `${HA_DISCOVERY_PREFIX}/${component}/${node}/${object}/config`,
    payload: JSON.stringify({ ...body, ...common }),
  }));
  const switchTopic = recordingSwitchTopic(camera.id);
  out.push({
    topic: switchTopic,
    payload: options.remoteControl
      ? JSON.stringify({
          name: 'Recording',
          unique_id: `${node}_recording`,
          command_topic: topics.recordingSet(camera.id),
          state_topic: topics.recording(camera.id),
          payload_on: 'ON',
          payload_off: 'OFF',
          ...common,
        })
      : '',
  });
  return out;
}

function recordingSwitchTopic(cameraId: string): string {
  return `${HA_DISCOVERY_PREFIX}/switch/camwall_${topicLevel(cameraId)}/recording/config`;
}

/** The topics to clear (empty retained payloads) when a camera is removed. */
export function removedCameraTopics(cameraId: string, topics: Topics): string[] {
  const node = `camwall_${topicLevel(cameraId)}`;
  return [
    `${HA_DISCOVERY_PREFIX}/binary_sensor/${node}/motion/config`,
    `${HA_DISCOVERY_PREFIX}/binary_sensor/${node}/connectivity/config`,
    `${HA_DISCOVERY_PREFIX}/image/${node}/snapshot/config`,
    recordingSwitchTopic(cameraId),
    topics.status(cameraId),
    topics.motion(cameraId),
    topics.recording(cameraId),
    topics.snapshot(cameraId),
  ];
}
