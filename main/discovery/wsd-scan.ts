// The ONVIF half of a scan: multicasts a WS-Discovery Probe to 239.255.255.250:3702 from an
// ephemeral port (twice, as UDP may lose one) and reads the ProbeMatches that devices send back
// to that port until `timeoutMs`. Answers that are too large, malformed, or that answer another
// probe are dropped (ws-discovery.ts); the number of answers read is bounded too.
import { createSocket, type Socket } from 'node:dgram';
import type { Clock, TimerHandle } from '../base/clock.ts';
import { MAX_WSD_MESSAGES, PROBE_REPEATS } from './limits.ts';
import type { ScanHalf } from './mdns-scan.ts';
import type { Sighting } from './sighting.ts';
import { probeMessage, readProbeMatches, sightingOfMatch, WSD_MULTICAST_ADDRESS, WSD_PORT } from './ws-discovery.ts';

/** Hops a probe may take: 1 keeps it on the local network, as WS-Discovery's ad hoc mode means. */
const PROBE_TTL = 1;

export function scanWsDiscovery(timeoutMs: number, clock: Clock): Promise<ScanHalf> {
  return new Promise((resolve) => {
    const { messageId, xml } = probeMessage();
    const probe = Buffer.from(xml, 'utf8');
    const sightings: Sighting[] = [];
    const problems: string[] = [];
    const timers: TimerHandle[] = [];
    let messages = 0;
    let done = false;
    let sent = false;
    const socket: Socket = createSocket({ type: 'udp4' });
    const finish = () => {
      if (done) return;
      done = true;
      for (const timer of timers) timer.cancel();
      socket.close();
      resolve({ sightings, problems, sent });
    };
    const send = () => {
      socket.send(probe, WSD_PORT, WSD_MULTICAST_ADDRESS, (error) => {
        if (!error) sent = true;
        else if (!done) problems.push(`the ONVIF WS-Discovery probe could not be sent (${(error as NodeJS.ErrnoException).code ?? error.message}); is there a network connection?`);
      });
    };
    socket.on('message', (datagram, rinfo) => {
      if (done || ++messages > MAX_WSD_MESSAGES) return;
      try {
        const answer = readProbeMatches(datagram);
        if (answer.relatesTo !== null && answer.relatesTo !== messageId) return;
        for (const match of answer.matches) {
          const sighting = sightingOfMatch(match, rinfo.address);
          if (sighting !== null) sightings.push(sighting);
        }
      } catch {
        // Not a ProbeMatches envelope we can read: dropped, like any stray datagram.
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      problems.push(`ONVIF WS-Discovery could not run (${error.code ?? error.message}); cameras that only answer ONVIF probes were not looked for.`);
      finish();
    });
    socket.bind(0, () => {
      try {
        socket.setMulticastTTL(PROBE_TTL);
      } catch {
        // Keep the system's default TTL (1 on Linux).
      }
      const spacing = Math.min(500, timeoutMs / 4);
      for (let repeat = 0; repeat < PROBE_REPEATS; repeat++) {
        if (repeat === 0) send();
        else timers.push(clock.setTimer(send, spacing * repeat));
      }
    });
    timers.push(clock.setTimer(finish, timeoutMs));
  });
}
