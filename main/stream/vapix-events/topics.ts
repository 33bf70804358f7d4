// The Axis event topics Camwall follows, and how to read their notifications. Pure: no I/O.
// Message shapes (VAPIX "Event streaming over WebSocket"):
//   configure  {"apiVersion":"1.0","context":C,"method":"events:configure","params":{"eventFilterList":[{"topicFilter":T}]}}
//   ack        {"apiVersion":"1.0","context":C,"method":"events:configure","data":{}}   (or "error":{code,message})
//   notify     {"apiVersion":"1.0","method":"events:notify","params":{"notification":
//                {"topic":T,"timestamp":MS,"message":{"source":{..},"key":{..},"data":{..}}}}}
// Every value in source and data is a string. Channel numbering: VMD4 names the camera in the
// topic (Camera1Profile1, from 1); MotionAlarm and DayNightVision name the video source by a
// 0-based VideoSourceConfigurationToken; tampering by a 1-based channel; inputs by port.

export const AXIS_EVENT_KINDS = ['motion', 'tampering', 'day-night', 'input'] as const;
export type AxisEventKind = (typeof AXIS_EVENT_KINDS)[number];

export type AxisTopic = {
  kind: AxisEventKind;
  /** The topic filter sent in events:configure for this camera channel. */
  topic(channel: number): string;
  /** What the camera test shows for it. */
  label: string;
  /** The notification concerns this camera channel. */
  forChannel(source: Record<string, string>, channel: number): boolean;
  /** Active (motion, tampering, night, input on) or not; null when the data is not readable. */
  active(data: Record<string, string>): boolean | null;
};

const bit = (value: string | undefined): boolean | null => (value === '1' || value === 'true' ? true : value === '0' || value === 'false' ? false : null);
const sameNumber = (value: string | undefined, n: number): boolean => value === undefined || Number(value) === n;

/** In order of preference within a kind: VMD4 before the older motion alarm, the IO port before the ONVIF input. */
export const AXIS_TOPICS: readonly AxisTopic[] = [
  {
    kind: 'motion',
    label: 'motion (VMD4)',
    topic: (channel) => `tnsaxis:CameraApplicationPlatform/VMD/Camera${channel}Profile1`,
    forChannel: () => true, // the channel is in the topic
    active: (data) => bit(data.active),
  },
  {
    kind: 'motion',
    label: 'motion (motion alarm, older firmware)',
    topic: () => 'tns1:VideoSource/MotionAlarm',
    forChannel: (source, channel) => sameNumber(source.VideoSourceConfigurationToken, channel - 1),
    active: (data) => bit(data.State),
  },
  {
    kind: 'tampering',
    label: 'tampering',
    topic: () => 'tns1:VideoSource/tnsaxis:Tampering',
    forChannel: (source, channel) => sameNumber(source.channel, channel),
    active: (data) => bit(data.tampering),
  },
  {
    kind: 'day-night',
    label: 'day/night',
    topic: () => 'tns1:VideoSource/tnsaxis:DayNightVision',
    forChannel: (source, channel) => sameNumber(source.VideoSourceConfigurationToken, channel - 1),
    // "active" is night: the camera switched to its night mode.
    active: (data) => {
      const day = bit(data.day);
      return day === null ? null : !day;
    },
  },
  {
    kind: 'input',
    label: 'digital inputs',
    topic: () => 'tns1:Device/tnsaxis:IO/Port',
    forChannel: () => true, // inputs belong to the device, not a channel
    active: (data) => bit(data.state),
  },
  {
    kind: 'input',
    label: 'digital inputs (ONVIF, older firmware)',
    topic: () => 'tns1:Device/Trigger/DigitalInput',
    forChannel: () => true,
    active: (data) => bit(data.LogicalState),
  },
];

/** One notification read: which of our topics, for which input port, and whether it is now active. */
export type AxisEvent = {
  kind: AxisEventKind;
  topic: string;
  label: string;
  active: boolean;
  /** The camera's timestamp (ms since the epoch), or null when it sent none we can read. */
  cameraAtMs: number | null;
  /** The port of an input event ("1"), null otherwise. */
  port: string | null;
};

/** The events:configure request for a camera channel: every topic above. */
export function configureRequest(channel: number, context = 'camwall'): string {
  return JSON.stringify({
    apiVersion: '1.0',
    context,
    method: 'events:configure',
    params: { eventFilterList: AXIS_TOPICS.map((t) => ({ topicFilter: t.topic(channel) })) },
  });
}

export type EventMessage =
  | { type: 'ack' }
  | { type: 'error'; message: string }
  | { type: 'event'; event: AxisEvent }
  /** A notification of a topic or channel we did not ask for, or a message we do not know: ignored. */
  | { type: 'other' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, value] of Object.entries(v)) if (typeof value === 'string') out[k] = value;
  return out;
};

/** Reads one text message of the event stream for camera `channel`. Never throws. */
export function readEventMessage(text: string, channel: number): EventMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { type: 'other' };
  }
  if (!isObject(message)) return { type: 'other' };
  if (message.method === 'events:configure' || (message.method === undefined && 'error' in message)) {
    if (isObject(message.error)) {
      const code = typeof message.error.code === 'number' ? ` (code ${message.error.code})` : '';
      const text = typeof message.error.message === 'string' ? message.error.message.slice(0, 200) : 'no reason given';
      return { type: 'error', message: `${text}${code}` };
    }
    return { type: 'ack' };
  }
  if (message.method !== 'events:notify' || !isObject(message.params) || !isObject(message.params.notification)) return { type: 'other' };
  const notification = message.params.notification;
  const topicName = notification.topic;
  if (typeof topicName !== 'string') return { type: 'other' };
  const topic = AXIS_TOPICS.find((t) => t.topic(channel) === topicName);
  if (!topic) return { type: 'other' };
  const body = isObject(notification.message) ? notification.message : {};
  const source = strings(body.source);
  if (!topic.forChannel(source, channel)) return { type: 'other' };
  const active = topic.active(strings(body.data));
  if (active === null) return { type: 'other' };
  const at = notification.timestamp;
  const cameraAtMs = typeof at === 'number' && Number.isFinite(at) ? at : typeof at === 'string' && Number.isFinite(Date.parse(at)) ? Date.parse(at) : null;
  return {
    type: 'event',
    event: { kind: topic.kind, topic: topicName, label: topic.label, active, cameraAtMs, port: topic.kind === 'input' ? (source.port ?? source.InputToken ?? null) : null },
  };
}
