// WS-Discovery answers as devices send them (an Axis capture, other prefixes, SOAP 1.1), read
// into sightings; and hostile ones: entity expansion, DOCTYPE, deep nesting, floods of elements,
// broken markup, oversize datagrams, and random bytes (fast-check), which must only ever be
// refused with XmlRefused, quickly, never crash or hang the scan.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PROBE_MATCHES_PER_MESSAGE, MAX_SCOPES, MAX_WSD_MESSAGE_BYTES, MAX_XADDRS, MAX_XML_TEXT_CHARS } from '../../../main/discovery/limits.ts';
import { parseXml, XmlRefused } from '../../../main/discovery/safe-xml.ts';
import { probeMessage, readProbeMatches, sightingOfMatch, type ProbeMatch } from '../../../main/discovery/ws-discovery.ts';

/** An AXIS M2036-LE's answer (AXIS OS 11), as captured; RelatesTo and addresses changed. */
const AXIS_ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"
                   xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding"
                   xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing"
                   xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"
                   xmlns:dn="http://www.onvif.org/ver10/network/wsdl"
                   xmlns:tds="http://www.onvif.org/ver10/device/wsdl">
<SOAP-ENV:Header>
    <wsa:MessageID>uuid:846a7224-7a5d-4b2d-9f0f-d6ab3cea6ce7</wsa:MessageID>
    <wsa:RelatesTo>uuid:bd64d03b-c701-4b50-a4bc-18c4048971c3</wsa:RelatesTo>
    <wsa:To SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>
    <wsa:Action SOAP-ENV:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>
    <d:AppSequence SOAP-ENV:mustUnderstand="true" MessageNumber="175811" InstanceId="1670367710"></d:AppSequence>
</SOAP-ENV:Header>
<SOAP-ENV:Body>
    <d:ProbeMatches>
        <d:ProbeMatch>
            <wsa:EndpointReference>
                <wsa:Address>urn:uuid:e83a0086-3fdc-4d87-b8c4-83c0a16ad9f4</wsa:Address>
            </wsa:EndpointReference>
            <d:Types>tds:Device dn:NetworkVideoTransmitter</d:Types>
            <d:Scopes>onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/G
                onvif://www.onvif.org/hardware/M2036-LE onvif://www.onvif.org/name/AXIS%20M2036-LE
                onvif://www.onvif.org/Profile/M onvif://www.onvif.org/Profile/T onvif://www.onvif.org/location/
            </d:Scopes>
            <d:XAddrs>http://169.254.209.66/onvif/device_service https://169.254.209.66/onvif/device_service
                http://192.0.2.90/onvif/device_service https://192.0.2.90/onvif/device_service
            </d:XAddrs>
            <d:MetadataVersion>1</d:MetadataVersion>
        </d:ProbeMatch>
    </d:ProbeMatches>
</SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;

const bytes = (text: string) => Buffer.from(text, 'utf8');
const match = (overrides: Partial<ProbeMatch> = {}): ProbeMatch => ({ endpoint: null, types: [], scopes: [], xaddrs: [], ...overrides });

describe('reading ProbeMatches', () => {
  test('the Axis capture: endpoint, types, scopes, XAddrs and RelatesTo', () => {
    const answer = readProbeMatches(bytes(AXIS_ANSWER));
    assert.equal(answer.relatesTo, 'uuid:bd64d03b-c701-4b50-a4bc-18c4048971c3');
    assert.equal(answer.matches.length, 1);
    const [found] = answer.matches;
    assert.equal(found?.endpoint, 'urn:uuid:e83a0086-3fdc-4d87-b8c4-83c0a16ad9f4');
    assert.deepEqual(found?.types, ['tds:Device', 'dn:NetworkVideoTransmitter']);
    assert.ok(found?.scopes.includes('onvif://www.onvif.org/hardware/M2036-LE'));
    assert.equal(found?.xaddrs.length, 4);
  });

  test('the Axis capture as a sighting: the XAddr on the sender\'s address, not the link-local one; model and name from the scopes', () => {
    const [found] = readProbeMatches(bytes(AXIS_ANSWER)).matches;
    assert.deepEqual(sightingOfMatch(found as ProbeMatch, '192.0.2.90'), {
      host: '192.0.2.90', httpPort: 80, httpsPort: 443, vendor: 'axis', name: 'AXIS M2036-LE', model: 'M2036-LE', serial: null, hostname: null,
      source: 'ws-discovery', onvifAddresses: ['http://192.0.2.90/onvif/device_service', 'https://192.0.2.90/onvif/device_service'],
    });
  });

  test('other prefixes, a default namespace, SOAP 1.1 and no XML declaration read the same', () => {
    const variant = `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">
 <Body><wsdd:ProbeMatches xmlns:wsdd="http://schemas.xmlsoap.org/ws/2005/04/discovery"><wsdd:ProbeMatch>
  <a:EndpointReference><a:Address>urn:uuid:1</a:Address></a:EndpointReference>
  <wsdd:Scopes>onvif://www.onvif.org/name/AXIS onvif://www.onvif.org/hardware/M1065-L</wsdd:Scopes>
  <wsdd:XAddrs>http://10.0.0.20:8080/onvif/device_service</wsdd:XAddrs>
 </wsdd:ProbeMatch></wsdd:ProbeMatches></Body></Envelope>`;
    const [found] = readProbeMatches(bytes(variant)).matches;
    const sighting = sightingOfMatch(found as ProbeMatch, '10.0.0.20');
    assert.equal(sighting?.name, 'AXIS M1065-L', 'a bare "AXIS" name scope takes the hardware scope');
    assert.equal(sighting?.model, 'M1065-L');
    assert.equal(sighting?.httpPort, 8080);
    assert.equal(sighting?.httpsPort, null);
  });

  test('entities, character references, CDATA and comments in text are decoded; percent-encoding and + in scopes too', () => {
    const xml = `<s:Envelope xmlns:s="x"><s:Body><d:ProbeMatches xmlns:d="y"><d:ProbeMatch><!-- a comment -->
<d:Scopes>onvif://www.onvif.org/name/Caf%C3%A9+&amp;+Bar onvif://www.onvif.org/hardware/X&#x2d;1&#45;B</d:Scopes>
<d:XAddrs><![CDATA[http://192.0.2.5/onvif/device_service]]></d:XAddrs></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`;
    const [found] = readProbeMatches(bytes(xml)).matches;
    const sighting = sightingOfMatch(found as ProbeMatch, '192.0.2.5');
    assert.equal(sighting?.name, 'Café & Bar');
    assert.equal(sighting?.model, 'X-1-B');
    assert.equal(sighting?.vendor, null);
    assert.equal(sighting?.host, '192.0.2.5');
  });

  test('XAddrs: IPv6 and host names are skipped, URLs with credentials are skipped, no usable XAddr falls back to the sender', () => {
    const onlyOdd = match({ xaddrs: ['http://[fe80::1]/onvif/device_service', 'http://camera.local/onvif', 'http://u:p@192.0.2.7/onvif', 'not a url', 'ftp://192.0.2.8/', 'http://127.0.0.1:22/', 'http://239.255.255.250/'] });
    const sighting = sightingOfMatch(onlyOdd, '192.0.2.9');
    assert.equal(sighting?.host, '192.0.2.9');
    assert.deepEqual(sighting?.onvifAddresses, []);
    assert.equal(sightingOfMatch(onlyOdd, 'fe80::9'), null, 'no IPv4 address anywhere: no sighting');
  });

  test('a broken percent-sequence in a scope stays as sent; control characters are removed', () => {
    const sighting = sightingOfMatch(match({ scopes: ['onvif://www.onvif.org/name/bad%E0%A4%A', 'onvif://www.onvif.org/hardware/M%00%1b[31m1'] }), '192.0.2.1');
    assert.equal(sighting?.name, 'bad%E0%A4%A');
    assert.equal(sighting?.model, 'M [31m1');
  });

  test('the probe we send is one our own reader accepts, asks for video transmitters, and carries its message id', () => {
    const { messageId, xml } = probeMessage('uuid:00000000-0000-4000-8000-000000000001');
    const envelope = parseXml(xml, MAX_WSD_MESSAGE_BYTES);
    assert.equal(envelope.name, 'Envelope');
    assert.match(xml, /<a:MessageID>uuid:00000000-0000-4000-8000-000000000001<\/a:MessageID>/);
    assert.match(xml, /<d:Types>dn:NetworkVideoTransmitter<\/d:Types>/);
    assert.equal(messageId, 'uuid:00000000-0000-4000-8000-000000000001');
    assert.notEqual(probeMessage().messageId, probeMessage().messageId);
  });
});

describe('bounds', () => {
  test('at most MAX_PROBE_MATCHES_PER_MESSAGE matches, MAX_SCOPES scopes and MAX_XADDRS XAddrs are kept', () => {
    const one = `<d:ProbeMatch><d:Scopes>${Array.from({ length: MAX_SCOPES + 8 }, (_, i) => `onvif://www.onvif.org/x/${i}`).join(' ')}</d:Scopes><d:XAddrs>${Array.from({ length: MAX_XADDRS + 4 }, (_, i) => `http://192.0.2.${i}/`).join(' ')}</d:XAddrs></d:ProbeMatch>`;
    const answer = readProbeMatches(bytes(`<s:Envelope><s:Body><d:ProbeMatches>${one.repeat(MAX_PROBE_MATCHES_PER_MESSAGE + 2)}</d:ProbeMatches></s:Body></s:Envelope>`));
    assert.equal(answer.matches.length, MAX_PROBE_MATCHES_PER_MESSAGE);
    assert.equal(answer.matches[0]?.scopes.length, MAX_SCOPES);
    assert.equal(answer.matches[0]?.xaddrs.length, MAX_XADDRS);
  });

  test('the text of one element is cut at MAX_XML_TEXT_CHARS', () => {
    const envelope = parseXml(`<a><b>${'x'.repeat(MAX_XML_TEXT_CHARS * 3)}</b></a>`, MAX_WSD_MESSAGE_BYTES);
    assert.equal(envelope.children[0]?.text.length, MAX_XML_TEXT_CHARS);
  });
});

describe('hostile answers are refused', () => {
  const refused: Array<[string, string | Buffer]> = [
    ['a DOCTYPE with entity definitions (billion laughs)', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Envelope><Body><ProbeMatches><ProbeMatch><Scopes>&lol2;</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`],
    ['an external entity (XXE)', `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Envelope><Body><ProbeMatches><ProbeMatch><Scopes>&xxe;</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`],
    ['an undeclared entity', `<Envelope><Body><ProbeMatches><ProbeMatch><Scopes>&lol;</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`],
    ['a character reference outside Unicode', `<Envelope><Body><ProbeMatches><ProbeMatch><Scopes>&#x110000;</Scopes></ProbeMatch></ProbeMatches></Body></Envelope>`],
    ['elements nested 5000 deep', `<Envelope><Body><ProbeMatches>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</ProbeMatches></Body></Envelope>`],
    ['a flood of elements', `<Envelope><Body><ProbeMatches>${'<ProbeMatch/>'.repeat(2000)}</ProbeMatches></Body></Envelope>`],
    ['a datagram larger than MAX_WSD_MESSAGE_BYTES', Buffer.alloc(MAX_WSD_MESSAGE_BYTES + 1, 0x20)],
    ['a tag that is never closed', '<Envelope><Body'],
    ['an element that is never closed', '<Envelope><Body><ProbeMatches>'],
    ['a closing tag that does not match', '<Envelope><Body></Envelope></Body>'],
    ['text outside the root', 'hello <Envelope/>'],
    ['two roots', '<Envelope/><Envelope/>'],
    ['an unclosed comment', '<Envelope><!-- </Envelope>'],
    ['an element name that is not one', '<1Envelope/>'],
    ['an empty datagram', ''],
    ['another root element', '<Probe><Body><ProbeMatches/></Body></Probe>'],
    ['another action (a Hello)', '<Envelope><Header><Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Hello</Action></Header><Body><ProbeMatches/></Body></Envelope>'],
    ['no ProbeMatches', '<Envelope><Body><Fault/></Body></Envelope>'],
  ];
  for (const [what, input] of refused) {
    test(what, () => {
      assert.throws(() => readProbeMatches(typeof input === 'string' ? bytes(input) : input), XmlRefused);
    });
  }

  test('random bytes and random corruptions of a real answer only ever end in XmlRefused, quickly', () => {
    // Catches runaway parsing (a backtracking pattern takes seconds on 4 KB), not speed: one parse
    // takes well under a millisecond, but a process descheduled at load 20 can lose a few hundred.
    const PARSE_CEILING_MS = 2_000;
    const check = (datagram: Buffer) => {
      const started = performance.now();
      try {
        const answer = readProbeMatches(datagram);
        for (const found of answer.matches) sightingOfMatch(found, '192.0.2.1');
      } catch (error) {
        if (!(error instanceof XmlRefused)) throw error;
      }
      assert.ok(performance.now() - started < PARSE_CEILING_MS, `took ${performance.now() - started} ms`);
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (array) => check(Buffer.from(array))), { numRuns: 300 });
    const original = bytes(AXIS_ANSWER);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.nat(original.length), (edits, cut) => {
        const corrupted = Buffer.from(original.subarray(0, Math.max(cut, original.length / 2)));
        for (const [at, value] of edits) if (at < corrupted.length) corrupted[at] = value;
        check(corrupted);
      }),
      { numRuns: 500 },
    );
  });
});
