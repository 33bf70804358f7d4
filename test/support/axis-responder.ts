// A stand-in for cameras on a LAN, run INSIDE the camera namespace of test/support/netns.ts:
//  - an Axis M3045-V at CAMERA_ADDRESS, factory default: Bonjour answers for `_axis-video._tcp`
//    (TXT macaddress=), `_vapix-http._tcp` and `_vapix-https._tcp` (TXT sn=), and `_http._tcp`,
//    an ONVIF ProbeMatch with Axis's scopes, and a web server that answers every request with
//    401 and `AXIS-Setup: vapix`, as AXIS OS does before its first account exists;
//  - another vendor's ONVIF camera at SECOND_CAMERA_ADDRESS, WS-Discovery only, web on 8080;
//  - a printer announcing `_http._tcp` without camera TXT records (must not be reported).
// `--split` answers a PTR question with the PTR alone, and SRV, TXT and A only when asked for
// them by name (some responders do); `--hostile` also sends malformed and oversized datagrams
// and a ProbeMatch for someone else's probe. Prints one JSON line per event on stdout.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import multicastDns, { type Answer } from 'multicast-dns';
import { CAMERA_ADDRESS, SECOND_CAMERA_ADDRESS } from './netns.ts';

const split = process.argv.includes('--split');
const hostile = process.argv.includes('--hostile');
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

export const AXIS_SERIAL = 'ACCC8E012345';
export const AXIS_INSTANCE = `AXIS M3045-V - ${AXIS_SERIAL}`;
const AXIS_HOST = `axis-${AXIS_SERIAL.toLowerCase()}.local`;

type Service = { type: string; instance: string; port: number; txt: string[]; target: string };
const services: Service[] = [
  { type: '_axis-video._tcp.local', instance: AXIS_INSTANCE, port: 80, txt: [`macaddress=${AXIS_SERIAL}`], target: AXIS_HOST },
  { type: '_vapix-http._tcp.local', instance: AXIS_INSTANCE, port: 80, txt: [`sn=${AXIS_SERIAL}`], target: AXIS_HOST },
  { type: '_vapix-https._tcp.local', instance: AXIS_INSTANCE, port: 443, txt: [`sn=${AXIS_SERIAL}`], target: AXIS_HOST },
  { type: '_http._tcp.local', instance: AXIS_INSTANCE, port: 80, txt: [`macaddress=${AXIS_SERIAL}`], target: AXIS_HOST },
  { type: '_http._tcp.local', instance: 'Office printer', port: 80, txt: ['path=/', 'note=2nd floor'], target: 'printer.local' },
];
const fqdn = (service: Service) => `${service.instance}.${service.type}`;
const srv = (s: Service): Answer => ({ name: fqdn(s), type: 'SRV', ttl: 120, data: { port: s.port, target: s.target, priority: 0, weight: 0 } });
const txt = (s: Service): Answer => ({ name: fqdn(s), type: 'TXT', ttl: 4500, data: s.txt });
const address = (host: string): Answer => ({ name: host, type: 'A', ttl: 120, data: host === AXIS_HOST ? CAMERA_ADDRESS : SECOND_CAMERA_ADDRESS });

const mdns = multicastDns({ interface: CAMERA_ADDRESS, bind: '0.0.0.0' });
mdns.on('warning', () => {});
mdns.on('query', (query, rinfo) => {
  if (rinfo.address === CAMERA_ADDRESS || rinfo.address === SECOND_CAMERA_ADDRESS) return; // our own answers
  say({ event: 'mdns-query', from: rinfo.address, questions: (query.questions ?? []).map((q) => `${q.type} ${q.name}`) });
  for (const question of query.questions ?? []) {
    const name = question.name.toLowerCase();
    if (question.type === 'PTR') {
      const matching = services.filter((s) => s.type.toLowerCase() === name);
      if (matching.length === 0) continue;
      const answers = matching.map((s): Answer => ({ name: s.type, type: 'PTR', ttl: 4500, data: fqdn(s) }));
      const hosts = [...new Set(matching.map((s) => s.target))];
      const additionals = split ? [] : [...matching.flatMap((s) => [srv(s), txt(s)]), ...hosts.map(address)];
      mdns.respond({ answers, additionals });
    } else if (question.type === 'SRV' || question.type === 'TXT') {
      const service = services.find((s) => fqdn(s).toLowerCase() === name);
      if (service) mdns.respond({ answers: [question.type === 'SRV' ? srv(service) : txt(service)] });
    } else if (question.type === 'A' && (name === AXIS_HOST || name === 'printer.local')) {
      mdns.respond({ answers: [address(name)] });
    }
  }
  if (hostile) sendHostileMdns();
});

function sendHostileMdns(): void {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  socket.bind(0, CAMERA_ADDRESS, () => {
    socket.setMulticastInterface(CAMERA_ADDRESS);
    const garbage = [
      Buffer.from([0, 0, 0x84, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0]), // 65535 answers announced, none sent
      Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 0x0c, 0, 12, 0, 1]), // a name pointing at itself
      Buffer.alloc(9000, 0x41), // not DNS at all
    ];
    let left = garbage.length;
    for (const datagram of garbage) socket.send(datagram, 5353, '224.0.0.251', () => --left === 0 && socket.close());
  });
}

// ---- ONVIF WS-Discovery ----------------------------------------------------------------------
function probeMatches(relatesTo: string, host: string, scopes: string, xaddrs: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
<SOAP-ENV:Header>
  <wsa:MessageID>uuid:846a7224-7a5d-4b2d-9f0f-${host.replace(/\D/g, '').padStart(12, '0').slice(-12)}</wsa:MessageID>
  <wsa:RelatesTo>${relatesTo}</wsa:RelatesTo>
  <wsa:To SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>
  <wsa:Action SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>
  <d:AppSequence SOAP-ENV:mustUnderstand="true" MessageNumber="17" InstanceId="1670367710"></d:AppSequence>
</SOAP-ENV:Header>
<SOAP-ENV:Body>
  <d:ProbeMatches>
    <d:ProbeMatch>
      <wsa:EndpointReference><wsa:Address>urn:uuid:e83a0086-3fdc-4d87-b8c4-83c0a16ad9f4</wsa:Address></wsa:EndpointReference>
      <d:Types>tds:Device dn:NetworkVideoTransmitter</d:Types>
      <d:Scopes>${scopes}</d:Scopes>
      <d:XAddrs>${xaddrs}</d:XAddrs>
      <d:MetadataVersion>1</d:MetadataVersion>
    </d:ProbeMatch>
  </d:ProbeMatches>
</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
}

const wsd = createSocket({ type: 'udp4', reuseAddr: true });
wsd.on('message', (message, rinfo) => {
  const text = message.toString('utf8');
  const messageId = /<(?:\w+:)?MessageID>([^<]+)</.exec(text)?.[1];
  if (!text.includes('/discovery/Probe<') || messageId === undefined) return;
  say({ event: 'wsd-probe', from: rinfo.address, types: /<(?:\w+:)?Types>([^<]*)</.exec(text)?.[1] ?? null });
  const answers = [
    probeMatches(
      messageId,
      CAMERA_ADDRESS,
      'onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/G\n  onvif://www.onvif.org/hardware/M3045-V onvif://www.onvif.org/name/AXIS%20M3045-V\n  onvif://www.onvif.org/Profile/T onvif://www.onvif.org/location/',
      `http://${CAMERA_ADDRESS}/onvif/device_service https://${CAMERA_ADDRESS}/onvif/device_service\n  http://169.254.209.66/onvif/device_service`,
    ),
    probeMatches(
      messageId,
      SECOND_CAMERA_ADDRESS,
      'onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/Acme%20Cam onvif://www.onvif.org/hardware/AC-100',
      `http://${SECOND_CAMERA_ADDRESS}:8080/onvif/device_service`,
    ),
  ];
  if (hostile) {
    answers.push(
      probeMatches('uuid:someone-elses-probe', '198.51.100.99', 'onvif://www.onvif.org/name/Stray', 'http://198.51.100.99/onvif/device_service'),
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Envelope><Body><ProbeMatches><ProbeMatch><Scopes>&lol2;</Scopes><XAddrs>http://198.51.100.98/</XAddrs></ProbeMatch></ProbeMatches></Body></Envelope>`,
      `<Envelope><Body><ProbeMatches>${'<a>'.repeat(5000)}</ProbeMatches></Body></Envelope>`,
      `<Envelope>${' '.repeat(40_000)}</Envelope>`,
    );
  }
  for (const answer of answers) wsd.send(Buffer.from(answer, 'utf8'), rinfo.port, rinfo.address);
});

// ---- the cameras' web servers ------------------------------------------------------------------
const axisWeb = createServer((request, response) => {
  say({ event: 'http', device: 'axis', method: request.method, path: request.url, from: request.socket.remoteAddress, authorization: request.headers.authorization ?? null });
  response.writeHead(401, { 'AXIS-Setup': 'vapix', 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Digest realm="AXIS_ACCC8E012345", nonce="x", qop="auth"' });
  response.end('Error: initial admin user must be created first.');
});
const otherWeb = createServer((request, response) => {
  say({ event: 'http', device: 'other', method: request.method, path: request.url, from: request.socket.remoteAddress, authorization: request.headers.authorization ?? null });
  response.writeHead(200, { 'Content-Type': 'text/html' });
  response.end('<html>Acme</html>');
});

let pending = 4;
const ready = () => --pending === 0 && say({ event: 'ready' });
mdns.on('ready', ready);
wsd.bind(3702, () => {
  wsd.addMembership('239.255.255.250', CAMERA_ADDRESS);
  ready();
});
axisWeb.listen(80, CAMERA_ADDRESS, ready);
otherWeb.listen(8080, SECOND_CAMERA_ADDRESS, ready);
