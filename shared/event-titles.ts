// Readable titles for the event log's kinds. The log stores the dotted kind (`camera.auth-failed`),
// which filters and integrations key on; people read the title. Kinds are grouped for the Events
// view's type filter. A kind not listed here (a newer build's, another feature's) gets a title
// made from its words, so nothing shows as a dotted name.

export type EventGroup = { id: string; title: string; kinds: readonly string[] };

export const EVENT_TITLES: Readonly<Record<string, string>> = {
  'camera.online': 'Camera live',
  'camera.offline': 'Camera offline',
  'camera.auth-failed': 'Password refused',
  'camera.added': 'Camera added',
  'camera.changed': 'Camera settings changed',
  'camera.removed': 'Camera removed',
  'recording.started': 'Recording started',
  'recording.stopped': 'Recording stopped',
  'recording.error': 'Recording failed',
  'recording.resumed': 'Recording resumed',
  'retention.deleted': 'Old recording deleted',
  'retention.warning': 'Storage limits warning',
  'segment.recovered': 'Recording repaired after a crash',
  'segment.discarded': 'Unreadable recording deleted',
  'segment.missing': 'Recording file missing',
  'motion.recalibrated': 'Motion detector recalibrated',
  'motion.error': 'Motion detection stopped',
  'camera-event.motion': "Camera's motion detection",
  'camera-event.tampering': 'Camera tampering',
  'camera-event.day-night': 'Camera day/night switch',
  'camera-event.input': 'Camera digital input',
  'camera-event.suppressed': 'Camera events not logged',
};

export const EVENT_GROUPS: readonly EventGroup[] = [
  { id: 'connection', title: 'Camera connection', kinds: ['camera.online', 'camera.offline', 'camera.auth-failed'] },
  { id: 'cameras', title: 'Cameras added, changed, removed', kinds: ['camera.added', 'camera.changed', 'camera.removed'] },
  { id: 'recording', title: 'Recording', kinds: ['recording.started', 'recording.stopped', 'recording.error', 'recording.resumed'] },
  { id: 'motion', title: 'Motion detection', kinds: ['motion.recalibrated', 'motion.error'] },
  { id: 'camera-events', title: "The cameras' own events", kinds: ['camera-event.motion', 'camera-event.tampering', 'camera-event.day-night', 'camera-event.input', 'camera-event.suppressed'] },
  { id: 'storage', title: 'Storage and repairs', kinds: ['retention.deleted', 'retention.warning', 'segment.recovered', 'segment.discarded', 'segment.missing'] },
];

/** "Camera offline" for camera.offline; "Motion started" for an unlisted motion.started. */
export function eventTitle(kind: string): string {
  const known = EVENT_TITLES[kind];
  if (known !== undefined) return known;
  const words = kind.split(/[.-]+/).filter((w) => w !== '').join(' ');
  return words === '' ? kind : words.charAt(0).toUpperCase() + words.slice(1);
}
