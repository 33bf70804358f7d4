// For the camera test: which of our event topics a camera offers. Axis cameras report the current
// state of every stateful (property) event right after `events:configure`, so the topics that
// answer within EVENT_PROBE_LISTEN_MS are the ones this camera has. A camera without the endpoint
// answers 404 at once.
import { sleep, type Clock } from '../../base/clock.ts';
import { EventStreamClient, type EventStreamState, type EventStreamTarget } from './event-stream-client.ts';
import { AXIS_TOPICS } from './topics.ts';

/** How long the test listens for the initial states after the subscription is accepted. */
export const EVENT_PROBE_LISTEN_MS = 1_500;
/** The whole probe's ceiling (connect, challenge, subscribe, listen). */
export const EVENT_PROBE_TIMEOUT_MS = 8_000;

export type EventProbeResult =
  | { state: 'offered'; topics: string[] }
  | { state: 'unsupported' | 'auth' | 'failed'; reason: string };

export async function probeEventStream(target: EventStreamTarget, clock: Clock, signal?: AbortSignal): Promise<EventProbeResult> {
  const seen = new Set<string>();
  let last: EventStreamState = { state: 'connecting' };
  let wake: () => void = () => {};
  const changed = new Promise<void>((resolve) => (wake = resolve));
  const client = new EventStreamClient({
    target,
    clock,
    onEvent: (event) => seen.add(event.topic),
    onState: (state) => {
      if (state.state === 'stopped') return;
      last = state;
      if (state.state !== 'connecting') wake();
    },
  });
  const stop = new AbortController();
  const abort = (): void => stop.abort();
  signal?.addEventListener('abort', abort, { once: true });
  client.start();
  try {
    await Promise.race([changed, sleep(clock, EVENT_PROBE_TIMEOUT_MS, stop.signal)]);
    if ((last as EventStreamState).state === 'live') await sleep(clock, EVENT_PROBE_LISTEN_MS, stop.signal);
  } finally {
    signal?.removeEventListener('abort', abort);
    stop.abort();
    await client.stop();
  }
  const state = last as EventStreamState;
  switch (state.state) {
    case 'live':
      // In AXIS_TOPICS order, each label once (VMD4 and the motion alarm are two labels).
      return { state: 'offered', topics: AXIS_TOPICS.filter((t) => seen.has(t.topic(target.channel))).map((t) => t.label) };
    case 'unsupported':
      return { state: 'unsupported', reason: state.reason };
    case 'auth-failed':
      return { state: 'auth', reason: state.reason };
    case 'offline':
      return { state: 'failed', reason: state.reason };
    default:
      return { state: 'failed', reason: `the camera's event stream did not answer within ${EVENT_PROBE_TIMEOUT_MS / 1000} s` };
  }
}
