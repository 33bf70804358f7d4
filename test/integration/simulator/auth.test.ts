import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';

const USER = 'viewer';
const PASSWORD = 'p@ss:w"ord';
const IMAGE = '/axis-cgi/jpg/image.cgi?resolution=320x240';

/** An independent client-side Digest computation (RFC 7616 section 3.4.1), qop=auth. */
function digestHeader(challenge: string, algorithm: 'MD5' | 'SHA-256', uri: string, password = PASSWORD): string {
  const h = (s: string) => createHash(algorithm === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const realm = /realm="([^"]+)"/.exec(challenge)![1]!;
  const nonce = /nonce="([^"]+)"/.exec(challenge)![1]!;
  const cnonce = 'f00dcafe';
  const nc = '00000001';
  const response = h(`${h(`${USER}:${realm}:${password}`)}:${nonce}:${nc}:${cnonce}:auth:${h(`GET:${uri}`)}`);
  return `Digest username="${USER}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}

async function get(port: number, path: string, authorization?: string): Promise<Response> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, authorization ? { headers: { authorization } } : {});
  await response.clone().arrayBuffer();
  return response;
}

describe('simulator with auth none', () => {
  test('serves without credentials', async () => {
    const sim = await startSimulator({ cameras: 1 });
    try { assert.equal((await get(sim.port, IMAGE)).status, 200); } finally { await sim.close(); }
  });
});

describe('simulator with Basic auth', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator({ cameras: 1, auth: 'basic', user: USER, password: PASSWORD }); });
  after(() => sim.close());
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  test('challenges a request without credentials', async () => {
    const response = await get(sim.port, IMAGE);
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm="AXIS_[0-9A-F]+"$/);
  });
  test('accepts the right credentials', async () => {
    assert.equal((await get(sim.port, IMAGE, basic(USER, PASSWORD))).status, 200);
  });
  test('rejects a wrong password and a wrong user', async () => {
    assert.equal((await get(sim.port, IMAGE, basic(USER, 'nope'))).status, 401);
    assert.equal((await get(sim.port, IMAGE, basic('root', PASSWORD))).status, 401);
  });
  test('regression: basicdeviceinfo checks credentials before it parses the body: wrong ones are refused whatever the body asks', async () => {
    const post = (authorization: string | null, body: string) => fetch(`http://127.0.0.1:${sim.port}/axis-cgi/basicdeviceinfo.cgi`, {
      method: 'POST', body, ...(authorization ? { headers: { authorization } } : {}),
    });
    const unrestricted = JSON.stringify({ apiVersion: '1.0', method: 'getAllUnrestrictedProperties' });
    const wrong = await post(basic(USER, 'nope'), unrestricted);
    assert.equal(wrong.status, 401, 'before, the body was parsed first and the unrestricted answer came back');
    await wrong.arrayBuffer();
    const junk = await post(basic(USER, 'nope'), '{ not json');
    assert.equal(junk.status, 401);
    await junk.arrayBuffer();
    const anonymous = await post(null, unrestricted);
    assert.equal(anonymous.status, 200, 'no credentials: the unrestricted properties as before');
    await anonymous.arrayBuffer();
    const right = await post(basic(USER, PASSWORD), JSON.stringify({ apiVersion: '1.0', method: 'getAllProperties' }));
    assert.equal(right.status, 200);
    await right.arrayBuffer();
  });
});

describe('simulator with Digest auth', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator({ cameras: 2, auth: 'digest', user: USER, password: PASSWORD }); });
  after(() => sim.close());

  async function challenges(path: string): Promise<string[]> {
    const response = await get(sim.port, path);
    assert.equal(response.status, 401);
    return splitChallenges(response.headers.get('www-authenticate') ?? '');
  }

  test('offers SHA-256 and MD5 challenges with qop=auth, in two headers', async () => {
    const { request } = await import('node:http');
    const headers = await new Promise<string[]>((resolve, reject) => {
      request({ host: '127.0.0.1', port: sim.port, path: IMAGE }, (res) => {
        res.resume();
        // rawHeaders keeps repeated headers apart; res.headers would join them with ', '.
        resolve(res.rawHeaders.filter((_, i) => i % 2 === 1 && res.rawHeaders[i - 1]!.toLowerCase() === 'www-authenticate'));
      }).on('error', reject).end();
    });
    assert.equal(headers.length, 2);
    assert.match(headers[0]!, /^Digest realm="[^"]+", nonce="[^"]+", algorithm=SHA-256, qop="auth"$/);
    assert.match(headers[1]!, /^Digest realm="[^"]+", nonce="[^"]+", algorithm=MD5, qop="auth"$/);
  });

  for (const algorithm of ['SHA-256', 'MD5'] as const) {
    test(`accepts a correct ${algorithm} response`, async () => {
      const [sha, md5] = await challenges(IMAGE);
      const response = await get(sim.port, IMAGE, digestHeader(algorithm === 'MD5' ? md5! : sha!, algorithm, IMAGE));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/jpeg');
    });
  }

  test('rejects a wrong password, a response for another URI, and a nonce it did not issue', async () => {
    const [challenge] = await challenges(IMAGE);
    assert.equal((await get(sim.port, IMAGE, digestHeader(challenge!, 'SHA-256', IMAGE, 'wrong'))).status, 401);
    const other = '/axis-cgi/jpg/image.cgi?camera=2';
    assert.equal((await get(sim.port, IMAGE, digestHeader(challenge!, 'SHA-256', other))).status, 401);
    const forged = challenge!.replace(/nonce="[^"]+"/, 'nonce="18c0ffee.forged"');
    assert.equal((await get(sim.port, IMAGE, digestHeader(forged, 'SHA-256', IMAGE))).status, 401);
  });

  test('protects the stream and param.cgi too', async () => {
    const stream = '/axis-cgi/mjpg/video.cgi?camera=2&nbrofframes=1';
    const [challenge] = await challenges(stream);
    const response = await get(sim.port, stream, digestHeader(challenge!, 'SHA-256', stream));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'multipart/x-mixed-replace; boundary=myboundary');
    assert.equal((await get(sim.port, '/axis-cgi/param.cgi?action=list&group=Properties.Image.Resolution')).status, 401);
  });

  test('basicdeviceinfo: unrestricted properties without credentials, all properties only with them', async () => {
    const post = (method: string, authorization?: string) => fetch(`http://127.0.0.1:${sim.port}/axis-cgi/basicdeviceinfo.cgi`, {
      method: 'POST', body: JSON.stringify({ apiVersion: '1.0', method }), ...(authorization ? { headers: { authorization } } : {}),
    });
    const open = await post('getAllUnrestrictedProperties');
    assert.equal(open.status, 200);
    assert.equal(((await open.json()) as { data: { propertyList: { Brand: string } } }).data.propertyList.Brand, 'AXIS');
    const closed = await post('getAllProperties');
    assert.equal(closed.status, 401);
    await closed.arrayBuffer();
  });
});

/** Splits a combined WWW-Authenticate value ("Digest a=1, b=2, Digest c=3") into challenges. */
function splitChallenges(value: string): string[] {
  return value.split(/,\s*(?=Digest )/);
}
