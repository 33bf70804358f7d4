// Bonjour answers as cameras send them, encoded to bytes and decoded by dns-packet as the scanner
// does, then read by the collector: Axis's shapes, answers split over packets, other vendors, and
// hostile packets (too many records, long and control-laden strings, bad ports and addresses).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import dnsPacket from 'dns-packet';
import { MdnsCollector, type MdnsPacket } from '../../../main/discovery/mdns-records.ts';
import { MAX_MDNS_INSTANCES, MAX_TXT_ENTRIES, MAX_TXT_VALUE_CHARS, MAX_LABEL_CHARS, MAX_RECORDS_PER_PACKET } from '../../../main/discovery/limits.ts';

type Record_ = { name: string; type: string; ttl?: number; data: unknown };
/** Encodes a response and decodes it again: the records the scanner's 'response' event carries. */
function wire(answers: Record_[], additionals: Record_[] = []): MdnsPacket {
  const bytes = dnsPacket.encode({ type: 'response', flags: dnsPacket.AUTHORITATIVE_ANSWER, answers, additionals } as never);
  return dnsPacket.decode(bytes) as MdnsPacket;
}

const SERIAL = 'ACCC8E012345';
const INSTANCE = `AXIS M3045-V - ${SERIAL}`;
const HOST = 'axis-accc8e012345.local';
const ptr = (service: string, instance = INSTANCE): Record_ => ({ name: `${service}.local`, type: 'PTR', data: `${instance}.${service}.local` });
const srv = (service: string, port: number, instance = INSTANCE, target = HOST): Record_ => ({ name: `${instance}.${service}.local`, type: 'SRV', data: { port, target, priority: 0, weight: 0 } });
const txt = (service: string, entries: Array<string | Buffer>, instance = INSTANCE): Record_ => ({ name: `${instance}.${service}.local`, type: 'TXT', data: entries });
const a = (host: string, address: string): Record_ => ({ name: host, type: 'A', data: address });

describe('an Axis camera', () => {
  test('_axis-video._tcp with everything in one answer: address, port, serial from TXT macaddress, name and model', () => {
    const collector = new MdnsCollector();
    collector.add(wire([ptr('_axis-video._tcp')], [srv('_axis-video._tcp', 80), txt('_axis-video._tcp', [`macaddress=${SERIAL}`]), a(HOST, '192.0.2.10')]), '192.0.2.10');
    assert.deepEqual(collector.sightings(), [
      {
        host: '192.0.2.10', httpPort: 80, httpsPort: null, vendor: 'axis', name: 'AXIS M3045-V', model: 'M3045-V', serial: SERIAL,
        hostname: HOST, source: '_axis-video._tcp', onvifAddresses: [],
      },
    ]);
    assert.deepEqual(collector.missing(), []);
  });

  test('_vapix-https._tcp (AXIS OS 11.4+, TXT sn=) gives the https port', () => {
    const collector = new MdnsCollector();
    collector.add(wire([ptr('_vapix-https._tcp')], [srv('_vapix-https._tcp', 8443), txt('_vapix-https._tcp', ['sn=accc8e012345']), a(HOST, '192.0.2.10')]), '192.0.2.10');
    const [sighting] = collector.sightings();
    assert.equal(sighting?.httpsPort, 8443);
    assert.equal(sighting?.httpPort, null);
    assert.equal(sighting?.serial, SERIAL, 'the serial is normalised to upper case');
  });

  test('records split over packets: the collector asks for what is missing, by the names as sent, and resolves at the end', () => {
    const collector = new MdnsCollector();
    collector.add(wire([ptr('_vapix-http._tcp')]), '192.0.2.10');
    assert.deepEqual(collector.missing(), [
      { name: `${INSTANCE}._vapix-http._tcp.local`, type: 'SRV' },
      { name: `${INSTANCE}._vapix-http._tcp.local`, type: 'TXT' },
    ]);
    collector.add(wire([srv('_vapix-http._tcp', 80), txt('_vapix-http._tcp', [`sn=${SERIAL}`])]), '192.0.2.10');
    assert.deepEqual(collector.missing(), [{ name: HOST, type: 'A' }]);
    // Until the A record comes, the address the answers came from stands in.
    assert.equal(collector.sightings()[0]?.host, '192.0.2.10');
    collector.add(wire([a(HOST, '192.0.2.77')]), '192.0.2.10');
    assert.deepEqual(collector.missing(), []);
    assert.equal(collector.sightings()[0]?.host, '192.0.2.77');
  });

  test('a PTR in upper case and a trailing dot still match the service type', () => {
    const collector = new MdnsCollector();
    collector.add(wire([{ name: '_AXIS-VIDEO._TCP.local', type: 'PTR', data: `${INSTANCE}._AXIS-VIDEO._TCP.local` }]), '192.0.2.10');
    assert.equal(collector.sightings()[0]?.name, 'AXIS M3045-V');
  });
});

describe('other devices', () => {
  test('_http._tcp is kept only with a camera TXT record (macaddress or sn)', () => {
    const collector = new MdnsCollector();
    collector.add(wire([ptr('_http._tcp', 'Office printer'), ptr('_http._tcp')], [
      srv('_http._tcp', 80, 'Office printer', 'printer.local'), txt('_http._tcp', ['path=/'], 'Office printer'), a('printer.local', '192.0.2.50'),
      srv('_http._tcp', 80), txt('_http._tcp', [`macaddress=${SERIAL}`]), a(HOST, '192.0.2.10'),
    ]), '192.0.2.1');
    assert.deepEqual(collector.sightings().map((s) => s.host), ['192.0.2.10']);
  });

  test('another vendor on _axis-video._tcp (a DoorBird, MAC prefix 1CCAE3) is not taken for Axis', () => {
    const collector = new MdnsCollector();
    const instance = 'Doorstation - 1CCAE3AABBCC';
    collector.add(wire([ptr('_axis-video._tcp', instance)], [srv('_axis-video._tcp', 80, instance, 'bha-1ccae3aabbcc.local'), txt('_axis-video._tcp', ['macaddress=1CCAE3AABBCC'], instance), a('bha-1ccae3aabbcc.local', '192.0.2.60')]), '192.0.2.60');
    const [sighting] = collector.sightings();
    assert.equal(sighting?.vendor, null);
    assert.equal(sighting?.model, null);
    assert.equal(sighting?.name, 'Doorstation');
    assert.equal(sighting?.serial, '1CCAE3AABBCC');
  });

  test('service types nobody asked for, and a PTR to an instance of another type, are ignored', () => {
    const collector = new MdnsCollector();
    collector.add(wire([ptr('_ipp._tcp', 'Printer'), { name: '_axis-video._tcp.local', type: 'PTR', data: 'Sneaky._ipp._tcp.local' }]), '192.0.2.1');
    assert.deepEqual(collector.sightings(), []);
  });
});

describe('hostile answers', () => {
  test('a TXT record with thousands of entries keeps the first ones; long values are cut; a repeated key keeps its first value', () => {
    const collector = new MdnsCollector();
    const entries = [`sn=${SERIAL}`, 'sn=000000000000', `note=${'x'.repeat(5_000)}`, ...Array.from({ length: 2_000 }, (_, i) => `k${i}=v`)];
    collector.add(wire([ptr('_vapix-http._tcp')], [srv('_vapix-http._tcp', 80), txt('_vapix-http._tcp', entries), a(HOST, '192.0.2.10')]), '192.0.2.10');
    assert.equal(collector.sightings()[0]?.serial, SERIAL);
    assert.ok(MAX_TXT_ENTRIES < entries.length && MAX_TXT_VALUE_CHARS < 5_000);
  });

  test('names with control and bidi characters are cleaned and cut to MAX_LABEL_CHARS', () => {
    const collector = new MdnsCollector();
    const instance = `AXIS\u0007 Evil\u202e${'A'.repeat(40)}\u0000`;
    collector.add(wire([ptr('_axis-video._tcp', instance)], [srv('_axis-video._tcp', 80, instance), txt('_axis-video._tcp', [`macaddress=${SERIAL}`], instance), a(HOST, '192.0.2.10')]), '192.0.2.10');
    const name = collector.sightings()[0]?.name ?? '';
    assert.doesNotMatch(name, /[\u0000-\u001f\u202e]/);
    assert.ok(name.length <= MAX_LABEL_CHARS);
    assert.match(name, /^AXIS Evil A+$/);
  });

  test('SRV ports out of range, A records that are not IPv4, and records of the wrong shape are ignored', () => {
    const collector = new MdnsCollector();
    collector.add({
      answers: [
        { name: '_axis-video._tcp.local', type: 'PTR', data: `${INSTANCE}._axis-video._tcp.local` },
        { name: `${INSTANCE}._axis-video._tcp.local`, type: 'SRV', data: { port: 70_000, target: HOST } },
        { name: `${INSTANCE}._axis-video._tcp.local`, type: 'TXT', data: 42 },
        { name: HOST, type: 'A', data: '999.1.2.3' },
        { name: HOST, type: 'A', data: { toString: () => '192.0.2.10' } },
        { name: 12, type: 'PTR', data: null },
        null as never,
      ],
      additionals: 'not a list',
    }, 'not-an-address');
    // No usable SRV, no address and a sender that is not an IPv4 address: nothing to report.
    assert.deepEqual(collector.sightings(), []);
    assert.deepEqual(collector.missing(), [{ name: `${INSTANCE}._axis-video._tcp.local`, type: 'SRV' }]);
  });

  test('an A record for this machine (127.0.0.1) or a multicast address is not taken: the sender stands in', () => {
    const collector = new MdnsCollector();
    collector.add(wire([ptr('_vapix-http._tcp')], [srv('_vapix-http._tcp', 80), txt('_vapix-http._tcp', [`sn=${SERIAL}`]), a(HOST, '127.0.0.1'), a(HOST, '224.0.0.251')]), '192.0.2.10');
    assert.equal(collector.sightings()[0]?.host, '192.0.2.10');
    const fromLoopback = new MdnsCollector();
    fromLoopback.add(wire([ptr('_vapix-http._tcp')], [srv('_vapix-http._tcp', 80), a(HOST, '0.1.2.3')]), '127.0.0.1');
    assert.deepEqual(fromLoopback.sightings(), [], 'no device address at all: no sighting');
  });

  test('more instances than MAX_MDNS_INSTANCES across packets: the rest are dropped', () => {
    const collector = new MdnsCollector();
    for (let packet = 0; packet < 10; packet++) {
      const ptrs = Array.from({ length: 50 }, (_, i) => ptr('_vapix-http._tcp', `cam ${packet}-${i}`));
      collector.add(wire(ptrs), '192.0.2.10');
    }
    assert.equal(collector.sightings().length, MAX_MDNS_INSTANCES);
  });

  test('only the first MAX_RECORDS_PER_PACKET records of a packet are read', () => {
    const collector = new MdnsCollector();
    const ptrs = Array.from({ length: MAX_RECORDS_PER_PACKET + 20 }, (_, i) => ptr('_vapix-http._tcp', `cam ${i}`));
    collector.add(wire(ptrs), '192.0.2.10');
    assert.equal(collector.sightings().length, MAX_RECORDS_PER_PACKET);
  });

  test('malformed datagrams never reach the collector: dns-packet refuses them (the scanner drops them)', () => {
    const selfPointer = Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 0x0c, 0, 12, 0, 1]);
    const announcesTooMany = Buffer.from([0, 0, 0x84, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0]);
    const truncatedSrv = dnsPacket.encode({ type: 'response', answers: [srv('_vapix-http._tcp', 80) as never] }).subarray(0, 40);
    for (const datagram of [selfPointer, announcesTooMany, truncatedSrv, Buffer.alloc(3)]) assert.throws(() => dnsPacket.decode(datagram));
  });
});
