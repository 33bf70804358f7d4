// Bonjour (DNS-SD over mDNS) answers turned into camera sightings. A camera answers a PTR query
// for its service type with the instance name, and usually adds the instance's SRV (host and
// port), TXT (`macaddress=`, `sn=`) and the host's A record in the same packet; but any of them
// may come in a later packet, or only after we ask for it. So the collector keeps the records of
// every packet of a scan (each table bounded, see limits.ts) and resolves them at the end, and
// it names the instances that still lack a record so the scanner can ask for them once.
//
// Axis shapes (AXIS OS; older firmware only the first):
//   PTR _axis-video._tcp.local  -> AXIS M3045-V - ACCC8E012345._axis-video._tcp.local
//   TXT macaddress=ACCC8E012345
//   PTR _vapix-http._tcp.local  -> AXIS M3045-V - ACCC8E012345._vapix-http._tcp.local   (AXIS OS 11.4+)
//   TXT sn=ACCC8E012345
//   SRV 0 0 80 axis-accc8e012345.local ; A axis-accc8e012345.local 192.0.2.10
// Other vendors reuse `_axis-video._tcp` (DoorBird does, with its own MAC prefix), and any web
// server announces `_http._tcp`: those are kept only when their TXT carries a MAC or serial.
import type { DiscoverySource } from '../../shared/discovery.ts';
import {
  MAX_ADDRESSES_PER_HOST,
  MAX_LABEL_CHARS,
  MAX_MDNS_HOSTS,
  MAX_MDNS_INSTANCES,
  MAX_RECORDS_PER_PACKET,
  MAX_TXT_ENTRIES,
  MAX_TXT_KEY_CHARS,
  MAX_TXT_VALUE_CHARS,
} from './limits.ts';
import type { Sighting } from './sighting.ts';
import { cleanText, isAxisMac, isDeviceAddress, macOf, portOf } from './text.ts';

/** The Bonjour service types a scan asks for, in the order their answers are trusted. */
export const MDNS_SERVICE_TYPES = ['_axis-video._tcp', '_vapix-http._tcp', '_vapix-https._tcp', '_http._tcp'] as const satisfies readonly DiscoverySource[];
type ServiceType = (typeof MDNS_SERVICE_TYPES)[number];

/** A resource record as dns-packet decodes it; only the fields we read, all of them unchecked. */
export type MdnsRecord = { name?: unknown; type?: unknown; data?: unknown };
export type MdnsPacket = { answers?: unknown; additionals?: unknown; authorities?: unknown };

type Instance = {
  service: ServiceType;
  /** The instance label as announced ("AXIS M3045-V - ACCC8E012345"), and its full DNS name as sent. */
  name: string;
  fqdn: string;
  from: string;
  target?: string;
  targetAsSent?: string;
  port?: number;
  txt?: Map<string, string>;
};

/** A DNS name compared as DNS does: case-insensitively, without the trailing dot. */
function dnsName(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) return null;
  return value.replace(/\.$/, '').toLowerCase();
}

function serviceOf(ptrName: string): ServiceType | null {
  return MDNS_SERVICE_TYPES.find((type) => ptrName === `${type}.local`) ?? null;
}

/** `key=value` strings of a TXT record (a list of byte strings), bounded; keys lower case. */
function txtOf(data: unknown): Map<string, string> {
  const entries = new Map<string, string>();
  const list = Array.isArray(data) ? data : [data];
  for (const item of list.slice(0, MAX_TXT_ENTRIES)) {
    const text = Buffer.isBuffer(item) ? item.toString('utf8') : typeof item === 'string' ? item : null;
    if (text === null) continue;
    const equals = text.indexOf('=');
    const key = (equals === -1 ? text : text.slice(0, equals)).slice(0, MAX_TXT_KEY_CHARS).toLowerCase();
    // RFC 6763 6.4: a key present twice keeps its first value.
    if (key === '' || entries.has(key)) continue;
    entries.set(key, equals === -1 ? '' : text.slice(equals + 1, equals + 1 + MAX_TXT_VALUE_CHARS));
  }
  return entries;
}

export class MdnsCollector {
  readonly #instances = new Map<string, Instance>();
  readonly #hosts = new Map<string, string[]>();

  /** Takes every record of one decoded packet from `from` (the sender's address). */
  add(packet: MdnsPacket, from: string): void {
    const records: MdnsRecord[] = [];
    for (const section of [packet.answers, packet.additionals, packet.authorities]) {
      if (!Array.isArray(section)) continue;
      for (const record of section.slice(0, MAX_RECORDS_PER_PACKET - records.length)) {
        if (typeof record === 'object' && record !== null) records.push(record as MdnsRecord);
      }
    }
    // PTR first, so that SRV and TXT records of the same packet find their instance.
    for (const record of records) if (record.type === 'PTR') this.#ptr(record, from);
    for (const record of records) {
      if (record.type === 'SRV') this.#srv(record);
      else if (record.type === 'TXT') this.#txt(record);
      else if (record.type === 'A') this.#address(record);
    }
  }

  #ptr(record: MdnsRecord, from: string): void {
    const owner = dnsName(record.name);
    const instance = dnsName(record.data);
    const service = owner === null ? null : serviceOf(owner);
    if (service === null || instance === null || !instance.endsWith(`.${service}.local`)) return;
    if (this.#instances.has(instance) || this.#instances.size >= MAX_MDNS_INSTANCES) return;
    // The instance label keeps its case for display; the key is the lower-case DNS name.
    const fqdn = (record.data as string).replace(/\.$/, '');
    this.#instances.set(instance, { service, name: fqdn.slice(0, -`.${service}.local`.length), fqdn, from });
  }

  #srv(record: MdnsRecord): void {
    const instance = this.#instances.get(dnsName(record.name) ?? '');
    const data = record.data as { port?: unknown; target?: unknown } | undefined;
    const target = dnsName(data?.target);
    const port = portOf(data?.port);
    if (!instance || target === null || port === null || instance.target !== undefined) return;
    instance.target = target;
    instance.targetAsSent = (data?.target as string).replace(/\.$/, '');
    instance.port = port;
  }

  #txt(record: MdnsRecord): void {
    const instance = this.#instances.get(dnsName(record.name) ?? '');
    if (instance && instance.txt === undefined) instance.txt = txtOf(record.data);
  }

  #address(record: MdnsRecord): void {
    const host = dnsName(record.name);
    if (host === null || typeof record.data !== 'string' || !isDeviceAddress(record.data)) return;
    const known = this.#hosts.get(host);
    if (known === undefined) {
      if (this.#hosts.size < MAX_MDNS_HOSTS) this.#hosts.set(host, [record.data]);
    } else if (!known.includes(record.data) && known.length < MAX_ADDRESSES_PER_HOST) {
      known.push(record.data);
    }
  }

  /**
   * Names to ask about again (as they were sent: DNS compares names without case, but some
   * responders do not): instances without SRV or TXT, hosts without an address.
   */
  missing(): Array<{ name: string; type: 'SRV' | 'TXT' | 'A' }> {
    const questions: Array<{ name: string; type: 'SRV' | 'TXT' | 'A' }> = [];
    const hosts = new Set<string>();
    for (const instance of this.#instances.values()) {
      if (instance.target === undefined) questions.push({ name: instance.fqdn, type: 'SRV' });
      if (instance.txt === undefined) questions.push({ name: instance.fqdn, type: 'TXT' });
      if (instance.target !== undefined && !this.#hosts.has(instance.target) && !hosts.has(instance.target)) {
        hosts.add(instance.target);
        questions.push({ name: instance.targetAsSent ?? instance.target, type: 'A' });
      }
    }
    return questions;
  }

  /** One sighting per instance that says enough to be a camera; see the header for the rules. */
  sightings(): Sighting[] {
    const found: Sighting[] = [];
    for (const instance of this.#instances.values()) {
      const sighting = this.#sightingOf(instance);
      if (sighting !== null) found.push(sighting);
    }
    return found;
  }

  #sightingOf(instance: Instance): Sighting | null {
    const txt = instance.txt ?? new Map<string, string>();
    // "AXIS M3045-V - ACCC8E012345": the product name, then the serial.
    const named = /^(.*\S)\s+-\s+([0-9A-Fa-f]{12})$/.exec(instance.name);
    const name = cleanText(named ? (named[1] ?? '') : instance.name, MAX_LABEL_CHARS);
    const serial = macOf(txt.get('sn')) ?? macOf(txt.get('macaddress')) ?? macOf(named?.[2]) ?? cleanSerial(txt.get('sn') ?? txt.get('serial'));
    const mac = macOf(txt.get('macaddress')) ?? macOf(txt.get('sn'));
    if (instance.service === '_http._tcp' && !txt.has('macaddress') && !txt.has('sn')) return null;
    const axis = isAxisMac(mac ?? serial) || /^axis\b/i.test(name ?? '') || instance.service.startsWith('_vapix-');
    // The SRV target's address; without one, the address the answer came from.
    const host = (instance.target !== undefined ? this.#hosts.get(instance.target)?.[0] : undefined) ?? (isDeviceAddress(instance.from) ? instance.from : null);
    if (host === null) return null;
    const https = instance.service === '_vapix-https._tcp';
    return {
      host,
      httpPort: https ? null : (instance.port ?? null),
      httpsPort: https ? (instance.port ?? null) : null,
      vendor: axis ? 'axis' : null,
      name,
      model: axis && name !== null ? cleanText(name.replace(/^axis\s+/i, ''), MAX_LABEL_CHARS) : null,
      serial,
      hostname: instance.target !== undefined ? cleanText(`${instance.target}`, MAX_LABEL_CHARS) : null,
      source: instance.service,
      onvifAddresses: [],
    };
  }
}

function cleanSerial(value: string | undefined): string | null {
  return value === undefined ? null : cleanText(value, MAX_LABEL_CHARS);
}
