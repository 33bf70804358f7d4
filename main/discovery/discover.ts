// A scan of the local network for cameras, only ever run when a person asks (`cameras.discover`,
// `camwall discover`): Bonjour and ONVIF WS-Discovery listen side by side for `timeoutMs`, their
// views of each device are merged, and each device found gets one short HTTP request to see
// whether it answers and whether it still needs its first set-up. Bounded throughout: the
// devices kept, the probes at once, and the time (timeout + a few HTTP probe timeouts).
import type { DiscoveredCamera, DiscoveryReport } from '../../shared/discovery.ts';
import { systemClock, type Clock } from '../base/clock.ts';
import { probeHttp, type HttpProbe } from './http-probe.ts';
import { HTTP_PROBE_TIMEOUT_MS, MAX_HTTP_PROBES_AT_ONCE } from './limits.ts';
import { scanMdns, type ScanHalf } from './mdns-scan.ts';
import { mergeSightings } from './sighting.ts';
import { scanWsDiscovery } from './wsd-scan.ts';

export type DiscoverOptions = {
  timeoutMs: number;
  clock?: Clock;
  /** For tests of the layers above: replace a half of the scan or the HTTP probe. */
  mdns?: (timeoutMs: number, clock: Clock) => Promise<ScanHalf>;
  wsDiscovery?: (timeoutMs: number, clock: Clock) => Promise<ScanHalf>;
  http?: (device: DiscoveredCamera, timeoutMs: number, clock: Clock) => Promise<HttpProbe>;
  httpTimeoutMs?: number;
};

export async function discoverCameras(options: DiscoverOptions): Promise<DiscoveryReport> {
  const clock = options.clock ?? systemClock;
  const started = clock.monotonic();
  const halves = await Promise.all([(options.mdns ?? scanMdns)(options.timeoutMs, clock), (options.wsDiscovery ?? scanWsDiscovery)(options.timeoutMs, clock)]);
  const { devices, truncated } = mergeSightings(halves.flatMap((half) => half.sightings));
  const probe = options.http ?? probeHttp;
  await eachLimited(devices, MAX_HTTP_PROBES_AT_ONCE, async (device) => {
    const answer = await probe(device, options.httpTimeoutMs ?? HTTP_PROBE_TIMEOUT_MS, clock);
    device.http = { status: answer.status, error: answer.error };
    device.setupNeeded = answer.setupNeeded;
  });
  const problems = [...new Set(halves.flatMap((half) => half.problems))];
  const [mdns, wsDiscovery] = halves;
  return { devices, truncated, durationMs: Math.round(clock.monotonic() - started), problems, sent: { mdns: mdns.sent, wsDiscovery: wsDiscovery.sent } };
}

/** Runs `work` on every item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
