// ONVIF WS-Discovery (WS-Discovery 2005/04 over SOAP 1.2, as ONVIF Core specifies): the Probe a
// scan multicasts to 239.255.255.250:3702, and the ProbeMatches answers read into sightings.
// Devices answer by unicast to the port the Probe came from, echoing its MessageID in RelatesTo;
// an answer to someone else's probe is dropped. An Axis camera's answer (AXIS OS 10–12):
//
//   <SOAP-ENV:Header> ... <wsa:RelatesTo>uuid:…</wsa:RelatesTo>
//     <wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action> ...
//   <SOAP-ENV:Body><d:ProbeMatches><d:ProbeMatch>
//     <wsa:EndpointReference><wsa:Address>urn:uuid:…</wsa:Address></wsa:EndpointReference>
//     <d:Types>tds:Device dn:NetworkVideoTransmitter</d:Types>
//     <d:Scopes>onvif://www.onvif.org/hardware/M2036-LE onvif://www.onvif.org/name/AXIS%20M2036-LE
//       onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/location/ …</d:Scopes>
//     <d:XAddrs>http://192.0.2.90/onvif/device_service http://169.254.209.66/onvif/device_service</d:XAddrs>
//     <d:MetadataVersion>1</d:MetadataVersion>
//   </d:ProbeMatch></d:ProbeMatches></SOAP-ENV:Body>
import { randomUUID } from 'node:crypto';
import { MAX_LABEL_CHARS, MAX_PROBE_MATCHES_PER_MESSAGE, MAX_SCOPES, MAX_WSD_MESSAGE_BYTES, MAX_XADDRS } from './limits.ts';
import { childAt, parseXml, XmlRefused, type XmlElement } from './safe-xml.ts';
import type { Sighting } from './sighting.ts';
import { cleanText, isAxisMac, isDeviceAddress, macOf } from './text.ts';

export const WSD_MULTICAST_ADDRESS = '239.255.255.250';
export const WSD_PORT = 3702;
const PROBE_MATCHES_ACTION = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches';

/** A new probe's message id ('uuid:…'), and the Probe for ONVIF video transmitters (cameras, encoders). */
export function probeMessage(messageId: string = `uuid:${randomUUID()}`): { messageId: string; xml: string } {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"' +
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    '<s:Header>' +
    '<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    `<a:MessageID>${messageId}</a:MessageID>` +
    '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>' +
    '</s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>' +
    '</s:Envelope>';
  return { messageId, xml };
}

export type ProbeMatch = { endpoint: string | null; types: string[]; scopes: string[]; xaddrs: string[] };

export type ProbeAnswer = { relatesTo: string | null; matches: ProbeMatch[] };

const words = (text: string | undefined, max: number): string[] => (text ?? '').split(/\s+/).filter((w) => w !== '').slice(0, max);

/**
 * The ProbeMatches of one datagram. Throws XmlRefused when it is not a well-formed, bounded
 * ProbeMatches envelope; the caller drops it.
 */
export function readProbeMatches(datagram: Buffer): ProbeAnswer {
  if (datagram.length > MAX_WSD_MESSAGE_BYTES) throw new XmlRefused(`the answer is larger than ${MAX_WSD_MESSAGE_BYTES} bytes`);
  const envelope = parseXml(datagram.toString('utf8'), MAX_WSD_MESSAGE_BYTES);
  if (envelope.name !== 'Envelope') throw new XmlRefused(`the root element is <${envelope.name}>, not a SOAP Envelope`);
  const action = childAt(envelope, 'Header', 'Action')?.text.trim();
  if (action !== undefined && action !== PROBE_MATCHES_ACTION) throw new XmlRefused(`the action is ${action.slice(0, 80)}, not ProbeMatches`);
  const list = childAt(envelope, 'Body', 'ProbeMatches');
  if (list === undefined) throw new XmlRefused('there is no ProbeMatches element');
  const matches = list.children
    .filter((child) => child.name === 'ProbeMatch')
    .slice(0, MAX_PROBE_MATCHES_PER_MESSAGE)
    .map((match: XmlElement): ProbeMatch => ({
      endpoint: cleanText(childAt(match, 'EndpointReference', 'Address')?.text ?? '', MAX_LABEL_CHARS),
      types: words(childAt(match, 'Types')?.text, MAX_SCOPES),
      scopes: words(childAt(match, 'Scopes')?.text, MAX_SCOPES),
      xaddrs: words(childAt(match, 'XAddrs')?.text, MAX_XADDRS),
    }));
  return { relatesTo: childAt(envelope, 'Header', 'RelatesTo')?.text.trim() ?? null, matches };
}

/** `onvif://www.onvif.org/<key>/<value>` scopes by lower-case key, values percent-decoded. */
function scopeValues(scopes: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const scope of scopes) {
    const match = /^onvif:\/\/www\.onvif\.org\/([A-Za-z_]+)\/(.+)$/i.exec(scope);
    if (!match) continue;
    const key = (match[1] as string).toLowerCase();
    let value = (match[2] as string).replace(/\+/g, ' ');
    try {
      value = decodeURIComponent(value);
    } catch {
      // A broken %-sequence stays as sent.
    }
    const cleaned = cleanText(value, MAX_LABEL_CHARS);
    if (cleaned !== null && !values.has(key)) values.set(key, cleaned);
  }
  return values;
}

/** The http(s) device-service URLs of a match whose host is a device's IPv4 address. */
function serviceUrls(xaddrs: readonly string[]): URL[] {
  const urls: URL[] = [];
  for (const xaddr of xaddrs) {
    let url: URL;
    try {
      url = new URL(xaddr);
    } catch {
      continue;
    }
    if ((url.protocol === 'http:' || url.protocol === 'https:') && isDeviceAddress(url.hostname) && url.username === '' && url.password === '') urls.push(url);
  }
  return urls;
}

/**
 * A sighting for one ProbeMatch that `from` sent. The device's address is the XAddr on the
 * sender's address when there is one (a camera lists its link-local address too), else the
 * first IPv4 XAddr, else the sender.
 */
export function sightingOfMatch(match: ProbeMatch, from: string): Sighting | null {
  const urls = serviceUrls(match.xaddrs);
  const chosen = urls.find((url) => url.hostname === from) ?? urls[0];
  const host = chosen?.hostname ?? (isDeviceAddress(from) ? from : null);
  if (host === null) return null;
  const onHost = urls.filter((url) => url.hostname === host);
  const portOf = (protocol: 'http:' | 'https:', fallback: number) => {
    const url = onHost.find((u) => u.protocol === protocol);
    return url === undefined ? null : url.port === '' ? fallback : Number(url.port);
  };
  const scopes = scopeValues(match.scopes);
  const name = scopes.get('name') ?? null;
  const hardware = scopes.get('hardware') ?? null;
  const mac = macOf(scopes.get('macaddress') ?? scopes.get('mac'));
  const axis = /^axis\b/i.test(name ?? '') || /^axis\b/i.test(scopes.get('manufacturer') ?? '') || isAxisMac(mac);
  return {
    host,
    httpPort: portOf('http:', 80),
    httpsPort: portOf('https:', 443),
    vendor: axis ? 'axis' : null,
    // Axis puts the product number in `hardware` and "AXIS <number>" in `name`; a name scope of
    // just "AXIS" (older firmware) says less than the hardware scope.
    name: name !== null && hardware !== null && name.toLowerCase() === 'axis' ? `AXIS ${hardware}` : (name ?? hardware),
    model: hardware !== null ? hardware.replace(/^axis[\s-]+/i, '') : axis && name !== null ? cleanText(name.replace(/^axis\s*/i, ''), MAX_LABEL_CHARS) : null,
    serial: mac,
    hostname: null,
    source: 'ws-discovery',
    onvifAddresses: onHost.map((url) => url.href),
  };
}
