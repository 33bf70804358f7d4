// One protocol's view of one device (a Bonjour service instance, an ONVIF ProbeMatch), and the
// merge of those views into the devices a scan reports. The same camera usually answers three
// times (`_axis-video`, `_vapix-http`, WS-Discovery): views with the same address or the same
// serial are one device. Fields keep the first value seen in trust order (Bonjour's VAPIX
// services, then `_axis-video`, then ONVIF), except that a missing field takes any later value.
import type { DiscoveredCamera, DiscoverySource } from '../../shared/discovery.ts';
import { MAX_DISCOVERED_DEVICES, MAX_XADDRS } from './limits.ts';

export type Sighting = {
  host: string;
  httpPort: number | null;
  httpsPort: number | null;
  vendor: 'axis' | null;
  name: string | null;
  model: string | null;
  serial: string | null;
  hostname: string | null;
  source: DiscoverySource;
  onvifAddresses: string[];
};

const TRUST: readonly DiscoverySource[] = ['_vapix-http._tcp', '_vapix-https._tcp', '_axis-video._tcp', 'ws-discovery', '_http._tcp'];

type Merged = Omit<DiscoveredCamera, 'id' | 'scheme' | 'port' | 'kind' | 'http' | 'setupNeeded'> & { hosts: Set<string> };

/** The devices `sightings` describe, at most MAX_DISCOVERED_DEVICES, sorted by address. */
export function mergeSightings(sightings: readonly Sighting[]): { devices: DiscoveredCamera[]; truncated: boolean } {
  const ordered = [...sightings].sort((a, b) => TRUST.indexOf(a.source) - TRUST.indexOf(b.source));
  const merged: Merged[] = [];
  for (const sighting of ordered) {
    const same = merged.find((device) => device.hosts.has(sighting.host) || (sighting.serial !== null && device.serial === sighting.serial));
    if (same === undefined) {
      merged.push({
        host: sighting.host,
        hosts: new Set([sighting.host]),
        httpPort: sighting.httpPort,
        httpsPort: sighting.httpsPort,
        vendor: sighting.vendor,
        model: sighting.model,
        name: sighting.name,
        serial: sighting.serial,
        hostname: sighting.hostname,
        sources: [sighting.source],
        onvifAddresses: sighting.onvifAddresses.slice(0, MAX_XADDRS),
      });
      continue;
    }
    same.hosts.add(sighting.host);
    same.httpPort ??= sighting.httpPort;
    same.httpsPort ??= sighting.httpsPort;
    same.vendor ??= sighting.vendor;
    same.model ??= sighting.model;
    same.name ??= sighting.name;
    same.serial ??= sighting.serial;
    same.hostname ??= sighting.hostname;
    if (!same.sources.includes(sighting.source)) same.sources.push(sighting.source);
    for (const address of sighting.onvifAddresses) {
      if (same.onvifAddresses.length < MAX_XADDRS && !same.onvifAddresses.includes(address)) same.onvifAddresses.push(address);
    }
  }
  // Ids are unique even when two devices claim one serial (a device merged by address first).
  const ids = new Set<string>();
  const idOf = (device: Merged): string => {
    const id = device.serial !== null && !ids.has(`serial:${device.serial}`) ? `serial:${device.serial}` : `host:${device.host}`;
    ids.add(id);
    return id;
  };
  const devices = merged
    .map((merged): DiscoveredCamera => {
      const { hosts: _hosts, ...device } = merged;
      const scheme = device.httpPort === null && device.httpsPort !== null ? 'https' : 'http';
      const port = scheme === 'https' ? device.httpsPort : device.httpPort;
      return {
        id: idOf(merged),
        ...device,
        scheme,
        port: port === null || port === (scheme === 'https' ? 443 : 80) ? null : port,
        kind: device.vendor === 'axis' ? 'vapix' : 'url',
        http: null,
        setupNeeded: false,
      };
    })
    .sort((a, b) => compareAddresses(a.host, b.host));
  return { devices: devices.slice(0, MAX_DISCOVERED_DEVICES), truncated: devices.length > MAX_DISCOVERED_DEVICES };
}

function compareAddresses(a: string, b: string): number {
  const key = (address: string) => address.split('.').map((part) => part.padStart(3, '0')).join('.');
  return key(a).localeCompare(key(b));
}
