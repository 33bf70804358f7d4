// `npx node test/bench/discovery-parse.bench.ts`: what one WS-Discovery answer costs the scan to
// read, a camera's real answer next to the worst answers the bounds let through (32 KiB, as many
// elements or as much text as allowed) and a refused entity bomb. A scan reads at most
// MAX_WSD_MESSAGES answers, so the worst case times that bounds the CPU a hostile LAN can take.
// A benchmark, not a test: it prints figures and asserts nothing.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { MAX_WSD_MESSAGE_BYTES, MAX_WSD_MESSAGES } from '../../main/discovery/limits.ts';
import { MAX_XML_ELEMENTS } from '../../main/discovery/safe-xml.ts';
import { readProbeMatches } from '../../main/discovery/ws-discovery.ts';

const ROUNDS = 7;
const CALLS_PER_ROUND = 300;

const testSource = readFileSync(new URL('../unit/discovery/ws-discovery.test.ts', import.meta.url), 'utf8');
const capture = Buffer.from(/const AXIS_ANSWER = `([\s\S]*?)`;/.exec(testSource)?.[1] ?? '', 'utf8');
const match = '<ProbeMatch><Scopes>x</Scopes></ProbeMatch>';
const matches = Math.floor((MAX_XML_ELEMENTS - 3) / 3);
const inputs: Array<[string, Buffer]> = [
  ['Axis ProbeMatches (capture)', capture],
  [`hostile: ${3 + 3 * matches} elements, 32 KiB`, Buffer.from(`<Envelope><Body><ProbeMatches>${match.repeat(matches)}</ProbeMatches></Body></Envelope>`.padEnd(MAX_WSD_MESSAGE_BYTES, ' '))],
  ['hostile: one text node, 32 KiB', Buffer.from(`<Envelope><Body><ProbeMatches><ProbeMatch><Scopes>${'&amp;'.repeat(6_500)}</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`)],
  ['hostile: entity bomb, 31 KiB (refused)', Buffer.from(`<!DOCTYPE x [${'<!ENTITY a "aaaaaaaaaa">'.repeat(1_300)}]><Envelope/>`)],
];

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds of ${CALLS_PER_ROUND} calls, µs per answer`);
let capturedMedian = 0;
for (const [name, input] of inputs) {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let call = 0; call < CALLS_PER_ROUND; call++) {
      try {
        readProbeMatches(input);
      } catch {
        // Refused answers cost what they cost until refused.
      }
    }
    rounds.push(((performance.now() - started) / CALLS_PER_ROUND) * 1000);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(ROUNDS / 2)] as number;
  if (name.startsWith('Axis')) capturedMedian = median;
  const perScan = (median * MAX_WSD_MESSAGES) / 1000;
  console.log(
    `${name.padEnd(40)} ${String(input.length).padStart(6)} B  median ${median.toFixed(1).padStart(7)} µs  [${(rounds[0] as number).toFixed(1)}–${(rounds[ROUNDS - 1] as number).toFixed(1)}]  ${(median / capturedMedian).toFixed(1)}x the capture  ${MAX_WSD_MESSAGES} of them: ${perScan.toFixed(1)} ms`,
  );
}
