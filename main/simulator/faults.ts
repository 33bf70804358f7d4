// Faults the simulator can inject, parsed from `--fault` strings. Grammar (docs/simulator.md):
//   [cam=N:]drop:N | stall:N | 503:N | reboot:S/T | corrupt:N | drip:BPS | resize:N/WxH | 401
//   | event:KIND/ON/PERIOD | noevents | eventdrop:N

import { SUPPORTED_RESOLUTIONS, isSupportedResolution, type Resolution } from './picture.ts';

export type FaultSpec =
  /** Close the connection (no closing delimiter) after every N frames. */
  | { kind: 'drop'; camera?: number; frames: number }
  /** Stop sending after N frames, leaving the connection open. */
  | { kind: 'stall'; camera?: number; frames: number }
  /** Answer 503 with Retry-After to the first N media requests. */
  | { kind: '503'; camera?: number; requests: number }
  /** Reset connections for S seconds every T seconds (first outage at T). */
  | { kind: 'reboot'; camera?: number; downSeconds: number; periodSeconds: number }
  /** Every Nth part is corrupt: odd occurrences lie in Content-Length, even ones carry garbage. */
  | { kind: 'corrupt'; camera?: number; every: number }
  /** Send the stream body at this many bytes per second. */
  | { kind: 'drip'; camera?: number; bytesPerSecond: number }
  /** Every N frames the connection's picture switches between the requested size and this one. */
  | { kind: 'resize'; camera?: number; frames: number; resolution: Resolution }
  /** Reject every credential. */
  | { kind: '401'; camera?: number }
  /**
   * The camera's own event (VAPIX event stream): active for ON ms of every PERIOD ms, first at
   * PERIOD (so a test knows the truth from the clock alone). day-night: night while "active".
   */
  | { kind: 'event'; camera?: number; event: SimulatedEventKind; onMs: number; periodMs: number }
  /** Older firmware: no /vapix/ws-data-stream (404). Device-wide. */
  | { kind: 'noevents'; camera?: undefined }
  /** The event WebSocket is dropped after N notifications (each connection). Device-wide. */
  | { kind: 'eventdrop'; camera?: undefined; notifications: number };

export const SIMULATED_EVENT_KINDS = ['motion', 'tampering', 'daynight', 'input'] as const;
export type SimulatedEventKind = (typeof SIMULATED_EVENT_KINDS)[number];
const MAX_EVENT_PERIOD_MS = 86_400_000;

export const MAX_CAMERAS = 256;
/** Upper bound for counts in fault specs; larger values are surely typos. */
const MAX_FAULT_COUNT = 1_000_000;
const MAX_REBOOT_SECONDS = 86_400;
const MIN_DRIP_BYTES_PER_SECOND = 1;
const MAX_DRIP_BYTES_PER_SECOND = 1_000_000_000;

const GRAMMAR = '[cam=N:]drop:N | stall:N | 503:N | reboot:S/T | corrupt:N | drip:BPS | resize:N/WxH | 401 | event:KIND/ON/PERIOD | noevents | eventdrop:N';

function integer(spec: string, what: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new Error(`fault '${spec}': ${what} must be a whole number, got '${text ?? ''}' (grammar: ${GRAMMAR})`);
  }
  const value = Number(text);
  if (value < min || value > max) throw new Error(`fault '${spec}': ${what} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function parseFault(spec: string): FaultSpec {
  let rest = spec.trim();
  let camera: number | undefined;
  const target = /^cam=([^:]*):(.*)$/.exec(rest);
  if (target) {
    camera = integer(spec, 'the camera number', target[1], 1, MAX_CAMERAS);
    rest = target[2]!;
  }
  const [kind, argument, ...extra] = rest.split(':');
  if (extra.length > 0) throw new Error(`fault '${spec}' has too many ':' parts (grammar: ${GRAMMAR})`);
  const targeted = camera === undefined ? {} : { camera };
  switch (kind) {
    case 'drop':
      return { kind, ...targeted, frames: integer(spec, 'the frame count', argument, 1, MAX_FAULT_COUNT) };
    case 'stall':
      return { kind, ...targeted, frames: integer(spec, 'the frame count', argument, 0, MAX_FAULT_COUNT) };
    case '503':
      return { kind, ...targeted, requests: integer(spec, 'the request count', argument, 1, MAX_FAULT_COUNT) };
    case 'corrupt':
      return { kind, ...targeted, every: integer(spec, 'the part interval', argument, 1, MAX_FAULT_COUNT) };
    case 'drip':
      return { kind, ...targeted, bytesPerSecond: integer(spec, 'the bytes per second', argument, MIN_DRIP_BYTES_PER_SECOND, MAX_DRIP_BYTES_PER_SECOND) };
    case 'reboot': {
      const [down, period, ...more] = (argument ?? '').split('/');
      if (more.length > 0 || period === undefined) throw new Error(`fault '${spec}': reboot takes S/T, seconds down every T seconds`);
      const downSeconds = integer(spec, 'the seconds down', down, 1, MAX_REBOOT_SECONDS);
      const periodSeconds = integer(spec, 'the period in seconds', period, 1, MAX_REBOOT_SECONDS);
      if (downSeconds >= periodSeconds) throw new Error(`fault '${spec}': the seconds down (${downSeconds}) must be less than the period (${periodSeconds})`);
      return { kind, ...targeted, downSeconds, periodSeconds };
    }
    case 'resize': {
      const [frames, resolution, ...more] = (argument ?? '').split('/');
      if (more.length > 0 || resolution === undefined) throw new Error(`fault '${spec}': resize takes N/WxH, frames between switches and the other size`);
      if (!isSupportedResolution(resolution)) throw new Error(`fault '${spec}': ${resolution} is not a supported resolution; use one of ${SUPPORTED_RESOLUTIONS.join(', ')}`);
      return { kind, ...targeted, frames: integer(spec, 'the frame count', frames, 1, MAX_FAULT_COUNT), resolution };
    }
    case '401':
      if (argument !== undefined) throw new Error(`fault '${spec}': 401 takes no argument`);
      return { kind, ...targeted };
    case 'event': {
      const [event, on, period, ...more] = (argument ?? '').split('/');
      if (more.length > 0 || period === undefined || !(SIMULATED_EVENT_KINDS as readonly string[]).includes(event ?? '')) {
        throw new Error(`fault '${spec}': event takes KIND/ON/PERIOD, KIND one of ${SIMULATED_EVENT_KINDS.join(', ')}, ON and PERIOD in ms`);
      }
      const onMs = integer(spec, 'the ms active', on, 1, MAX_EVENT_PERIOD_MS);
      const periodMs = integer(spec, 'the period in ms', period, 2, MAX_EVENT_PERIOD_MS);
      if (onMs >= periodMs) throw new Error(`fault '${spec}': the ms active (${onMs}) must be less than the period (${periodMs})`);
      return { kind, ...targeted, event: event as SimulatedEventKind, onMs, periodMs };
    }
    case 'noevents':
    case 'eventdrop':
      if (camera !== undefined) throw new Error(`fault '${spec}': ${kind} applies to the whole device, not one camera`);
      if (kind === 'noevents') {
        if (argument !== undefined) throw new Error(`fault '${spec}': noevents takes no argument`);
        return { kind };
      }
      return { kind, notifications: integer(spec, 'the notification count', argument, 1, MAX_FAULT_COUNT) };
    default:
      throw new Error(`unknown fault '${spec}' (grammar: ${GRAMMAR})`);
  }
}

/** Whether a fault applies to a camera (an untargeted fault applies to all). */
export function appliesTo(fault: FaultSpec, camera: number): boolean {
  return fault.camera === undefined || fault.camera === camera;
}

/** Whether a scheduled event is active `elapsedMs` after the simulator started: ON ms of every PERIOD, first at PERIOD. */
export function isEventActive(fault: Extract<FaultSpec, { kind: 'event' }>, elapsedMs: number): boolean {
  return elapsedMs >= fault.periodMs && elapsedMs % fault.periodMs < fault.onMs;
}

/** True while a reboot fault holds the camera down: from T on, for S seconds of every T. */
export function isRebooting(fault: Extract<FaultSpec, { kind: 'reboot' }>, elapsedMs: number): boolean {
  const period = fault.periodSeconds * 1000;
  return elapsedMs >= period && elapsedMs % period < fault.downSeconds * 1000;
}
