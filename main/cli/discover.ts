// `camwall discover [--timeout S] [--json]`: looks for cameras on the local network (Bonjour and
// ONVIF WS-Discovery) for S seconds and prints what answered: address, model, serial, how it was
// found, and whether a factory-default Axis device must be set up in its own web page first.
// Exit 0 cameras found, 4 nothing answered, 5 neither protocol could run, 2 usage.
import { DEFAULT_DISCOVERY_TIMEOUT_MS, MAX_DISCOVERY_TIMEOUT_MS, MIN_DISCOVERY_TIMEOUT_MS, type DiscoveredCamera, type DiscoveryReport } from '../../shared/discovery.ts';
import { discoverCameras } from '../discovery/discover.ts';
import { formatUsage, readCommandLine } from './args.ts';
import { EXIT_NETWORK, EXIT_OK, EXIT_PROTOCOL } from './exit-codes.ts';

/** Exit code when the scan ran and no camera answered. */
export const EXIT_NOTHING_FOUND = EXIT_PROTOCOL;

const FLAGS = {
  timeout: {
    type: 'number',
    min: MIN_DISCOVERY_TIMEOUT_MS / 1000,
    max: MAX_DISCOVERY_TIMEOUT_MS / 1000,
    valueName: 'S',
    description: `seconds to listen for answers (default ${DEFAULT_DISCOVERY_TIMEOUT_MS / 1000})`,
  },
  json: { type: 'boolean', description: 'print one JSON object instead of text' },
} as const;
const POSITIONALS = { names: [], min: 0, max: 0 };
const usageText = (): string =>
  `${formatUsage('discover', FLAGS, POSITIONALS)}\n\nAsks the local network for cameras by Bonjour (_axis-video, _vapix-http(s), _http with Axis records) and ONVIF WS-Discovery, then sends each one GET / to see whether it answers. Exit codes: 0 cameras found, ${EXIT_NOTHING_FOUND} nothing answered, ${EXIT_NETWORK} neither protocol could run, 2 usage.`;

export async function run(argv: string[]): Promise<number> {
  const line = readCommandLine('discover', argv, FLAGS, POSITIONALS, usageText, (parsed) => ({
    timeoutMs: Math.round((parsed.flags.timeout ?? DEFAULT_DISCOVERY_TIMEOUT_MS / 1000) * 1000),
    json: parsed.flags.json,
  }));
  if (!line.ok) return line.exitCode;
  const { timeoutMs, json } = line.config;
  if (!json) console.error(`camwall discover: listening for ${timeoutMs / 1000} s…`);
  const report = await discoverCameras({ timeoutMs });
  const nothingRan = !report.sent.mdns && !report.sent.wsDiscovery;
  if (json) console.log(JSON.stringify(report));
  else printReport(report);
  if (nothingRan) return EXIT_NETWORK;
  return report.devices.length > 0 ? EXIT_OK : EXIT_NOTHING_FOUND;
}

function printReport(report: DiscoveryReport): void {
  for (const problem of report.problems) console.error(`camwall discover: ${problem}`);
  if (!report.sent.mdns && !report.sent.wsDiscovery) {
    console.log('nothing could be sent: this machine seems to have no network connection');
    return;
  }
  if (report.devices.length === 0) {
    console.log(`no camera answered within ${(report.durationMs / 1000).toFixed(1)} s (cameras on another subnet, or with Bonjour and ONVIF discovery turned off, do not answer)`);
    return;
  }
  for (const device of report.devices) console.log(describeDevice(device));
  const more = report.truncated ? ' (more answered; only the first are listed)' : '';
  console.log(`${report.devices.length} device${report.devices.length === 1 ? '' : 's'} found in ${(report.durationMs / 1000).toFixed(1)} s${more}`);
}

export function describeDevice(device: DiscoveredCamera): string {
  const address = `${device.scheme}://${device.host}${device.port === null ? '' : `:${device.port}`}/`;
  const parts = [address.padEnd(28), device.name ?? device.model ?? '(no name given)'];
  if (device.model !== null && device.name !== null && !device.name.includes(device.model)) parts.push(`model ${device.model}`);
  if (device.serial !== null) parts.push(`serial ${device.serial}`);
  parts.push(`via ${device.sources.map((s) => (s === 'ws-discovery' ? 'ONVIF' : s)).join(', ')}`);
  if (device.setupNeeded) parts.push(`NEEDS SET-UP: open ${address} in a browser and create its first account`);
  else if (device.http?.status === null) parts.push(`web page not answering (${device.http.error})`);
  return parts.join('  ');
}
