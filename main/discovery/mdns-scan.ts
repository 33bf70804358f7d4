// The Bonjour half of a scan: asks for the camera service types on 224.0.0.251:5353 (twice, as
// UDP may lose one), listens for `timeoutMs`, and at a third and at two thirds of it asks for the
// SRV, TXT and A records that answers left out (an SRV learnt in the first round names a host
// whose address the second round asks for), at most MAX_MDNS_FOLLOW_UPS questions in all. The socket work is multicast-dns's (a shared port-5353 socket
// on every IPv4 interface, as mDNS wants); the records are ours to read (mdns-records.ts).
// multicast-dns decodes each datagram with dns-packet, which is bounded by the datagram (64 KiB
// at most) and refuses names that point forward or run past 255 bytes; a datagram it cannot
// decode is a 'warning' and is dropped.
import multicastDns, { type MulticastDns, type Question } from 'multicast-dns';
import type { Clock, TimerHandle } from '../base/clock.ts';
import { MAX_MDNS_FOLLOW_UPS, PROBE_REPEATS } from './limits.ts';
import { MdnsCollector, MDNS_SERVICE_TYPES } from './mdns-records.ts';
import type { Sighting } from './sighting.ts';

/** Questions per query packet: well under the 9000 bytes RFC 6762 allows for a datagram. */
const QUESTIONS_PER_PACKET = 8;

/** One protocol's part of a scan; `sent`: its question went out at least once. */
export type ScanHalf = { sightings: Sighting[]; problems: string[]; sent: boolean };

export function scanMdns(timeoutMs: number, clock: Clock): Promise<ScanHalf> {
  return new Promise((resolve) => {
    const collector = new MdnsCollector();
    const problems: string[] = [];
    const timers: TimerHandle[] = [];
    let mdns: MulticastDns;
    let done = false;
    let sent = false;
    const finish = () => {
      if (done) return;
      done = true;
      for (const timer of timers) timer.cancel();
      mdns.destroy();
      resolve({ sightings: collector.sightings(), problems, sent });
    };
    try {
      mdns = multicastDns({ reuseAddr: true });
    } catch (error) {
      resolve({ sightings: [], problems: [`Bonjour (mDNS) could not start: ${(error as Error).message}`], sent: false });
      return;
    }
    const ask = (questions: Question[]) => {
      for (let i = 0; i < questions.length; i += QUESTIONS_PER_PACKET) {
        mdns.query(questions.slice(i, i + QUESTIONS_PER_PACKET), (error) => {
          if (!error) sent = true;
          else if (!done) problems.push(`the Bonjour (mDNS) query could not be sent (${(error as NodeJS.ErrnoException).code ?? error.message}); is there a network connection?`);
        });
      }
    };
    mdns.on('response', (packet, rinfo) => {
      if (!done) collector.add(packet, rinfo.address);
    });
    mdns.on('error', (error) => {
      problems.push(`Bonjour (mDNS) could not listen on UDP port 5353 (${error.code ?? error.message}); cameras that only announce themselves by Bonjour were not looked for.`);
      finish();
    });
    // Malformed datagrams and interfaces that refuse multicast: nothing to tell the user.
    mdns.on('warning', () => {});
    mdns.on('ready', () => {
      const services = MDNS_SERVICE_TYPES.map((type): Question => ({ name: `${type}.local`, type: 'PTR' }));
      const spacing = Math.min(1_000, timeoutMs / 4);
      for (let repeat = 0; repeat < PROBE_REPEATS; repeat++) {
        if (repeat === 0) ask(services);
        else timers.push(clock.setTimer(() => ask(services), spacing * repeat));
      }
      let followUps = 0;
      for (const at of [timeoutMs / 3, (2 * timeoutMs) / 3]) {
        timers.push(
          clock.setTimer(() => {
            const missing = collector.missing().slice(0, MAX_MDNS_FOLLOW_UPS - followUps);
            followUps += missing.length;
            if (missing.length > 0) ask(missing);
          }, at),
        );
      }
    });
    timers.push(clock.setTimer(finish, timeoutMs));
  });
}
