import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jpeg from 'jpeg-js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.ts';
import { readCaptureComment } from '../../../main/simulator/capture-comment.ts';
import { request } from './stream-reader.ts';

describe('simulator VAPIX surface', () => {
  let sim: Simulator;
  before(async () => { sim = await startSimulator({ cameras: 3, fps: 20 }); });
  after(() => sim.close());

  test('lists one video.cgi URL per camera, without credentials', () => {
    assert.deepEqual(sim.urls, [1, 2, 3].map((n) => `http://127.0.0.1:${sim.port}/axis-cgi/mjpg/video.cgi?camera=${n}`));
  });

  test('video.cgi answers HTTP/1.1 multipart with Axis framing, Content-Length on every part', async () => {
    const res = await request(sim.port, '/axis-cgi/mjpg/video.cgi?camera=2');
    assert.equal(res.status, 200);
    assert.deepEqual(res.headers['content-type'], ['multipart/x-mixed-replace; boundary=myboundary']);
    assert.deepEqual(res.headers.connection, ['close']);
    assert.equal(res.headers['transfer-encoding'], undefined);
    const parts = await res.waitForParts(3);
    assert.ok(res.body().subarray(0, 14).equals(Buffer.from('--myboundary\r\n')));
    const seqs = parts.map((part) => {
      assert.equal(part.headers['content-type'], 'image/jpeg');
      assert.equal(Number(part.headers['content-length']), part.body.length);
      const stamp = readCaptureComment(part.body);
      assert.ok(stamp, 'every frame carries a capture stamp');
      assert.equal(stamp.cam, 2);
      const decoded = jpeg.decode(part.body, { useTArray: true });
      assert.deepEqual([decoded.width, decoded.height], [640, 480]);
      return stamp.seq;
    });
    assert.deepEqual(seqs.slice(1), seqs.slice(0, -1).map((s) => s + 1), 'frame numbers follow each other');
    res.socket.destroy();
  });

  test('nbrofframes ends the stream with the closing delimiter and closes the connection', async () => {
    const res = await request(sim.port, '/axis-cgi/mjpg/video.cgi?camera=1&nbrofframes=3&resolution=320x240');
    assert.equal(await res.closed, 'end');
    assert.equal(res.parts().length, 3);
    assert.ok(res.body().toString('latin1').endsWith('\r\n--myboundary--\r\n'));
    assert.equal(jpeg.decode(res.parts()[0]!.body, { useTArray: true }).width, 320);
  });

  test('duration ends the stream with the closing delimiter', async () => {
    const res = await request(sim.port, '/axis-cgi/mjpg/video.cgi?camera=3&duration=1&fps=5');
    assert.equal(await res.closed, 'end');
    assert.ok(res.parts().length >= 1);
    assert.ok(res.body().toString('latin1').endsWith('--myboundary--\r\n'));
  });

  test('image.cgi answers one JPEG', async () => {
    const response = await fetch(`http://127.0.0.1:${sim.port}/axis-cgi/jpg/image.cgi?camera=2&resolution=1280x720`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    const body = new Uint8Array(await response.arrayBuffer());
    assert.equal(Number(response.headers.get('content-length')), body.length);
    const decoded = jpeg.decode(body, { useTArray: true });
    assert.deepEqual([decoded.width, decoded.height], [1280, 720]);
    assert.equal(readCaptureComment(body)?.cam, 2);
  });

  test('param.cgi lists the supported resolutions', async () => {
    const response = await fetch(`http://127.0.0.1:${sim.port}/axis-cgi/param.cgi?action=list&group=Properties.Image.Resolution`);
    assert.equal(await response.text(), 'root.Properties.Image.Resolution=1920x1080,1280x720,800x600,640x480,320x240,480x640\n');
  });

  test('basicdeviceinfo.cgi answers getAllProperties like Axis', async () => {
    const response = await fetch(`http://127.0.0.1:${sim.port}/axis-cgi/basicdeviceinfo.cgi`, {
      method: 'POST', body: JSON.stringify({ apiVersion: '1.0', method: 'getAllProperties' }),
    });
    const answer = await response.json() as { apiVersion: string; data: { propertyList: Record<string, string> } };
    assert.equal(answer.apiVersion, '1.0');
    for (const key of ['ProdNbr', 'ProdFullName', 'SerialNumber', 'Version']) assert.equal(typeof answer.data.propertyList[key], 'string');
    assert.equal(answer.data.propertyList.Brand, 'AXIS');
  });

  const badRequests: Array<[string, string]> = [
    ['camera=4', '<!--Camera 4 not available.-->'],
    ['camera=0', '<!--Camera 0 not available.-->'],
    ['camera=x', '<!--Camera x not available.-->'],
    ['camera=1&resolution=123x45', '<!--Invalid resolution 123x45. Supported: 1920x1080,1280x720,800x600,640x480,320x240,480x640-->'],
    ['resolution=123x45', 'Invalid resolution 123x45. Supported: 1920x1080,1280x720,800x600,640x480,320x240,480x640'],
    ['fps=-1', 'Invalid fps -1. Use a whole number, 0 for the camera\'s rate (20).'],
    ['compression=101', 'Invalid compression 101. Use 0..100.'],
    ['nbrofframes=many', 'Invalid nbrofframes many. Use a whole number, 0 for unlimited.'],
    ['duration=1.5', 'Invalid duration 1.5. Use whole seconds, 0 for unlimited.'],
  ];
  for (const [query, body] of badRequests) {
    test(`a bad argument (${query}) is answered as Axis does: 200, text/plain, the message`, async () => {
      for (const path of ['/axis-cgi/mjpg/video.cgi', '/axis-cgi/jpg/image.cgi']) {
        const response = await fetch(`http://127.0.0.1:${sim.port}${path}?${query}`);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'text/plain');
        assert.equal(await response.text(), body);
      }
    });
  }

  test('an unknown path is 404', async () => {
    const response = await fetch(`http://127.0.0.1:${sim.port}/axis-cgi/nothing.cgi`);
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });
});

describe('simulator lifecycle', () => {
  test('close() ends open streams, stops its timers and frees the port', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const sim = await startSimulator({ cameras: 2, faults: [{ kind: 'stall', frames: 1 }] });
    const live = await request(sim.port, '/axis-cgi/mjpg/video.cgi?camera=1');
    const stalled = await request(sim.port, '/axis-cgi/mjpg/video.cgi?camera=2');
    await live.waitForParts(1);
    await stalled.waitForParts(1);
    assert.equal(sim.stats().clients, 2);
    await sim.close();
    assert.equal(await live.closed, 'end');
    assert.equal(await stalled.closed, 'end');
    assert.equal(sim.stats().clients, 0);
    await assert.rejects(request(sim.port, '/'), { code: 'ECONNREFUSED' });
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.equal(timersAfter, timersBefore);
  });

  test('stats count frames and bytes sent', async () => {
    const sim = await startSimulator({ cameras: 1 });
    try {
      const res = await request(sim.port, '/axis-cgi/mjpg/video.cgi?nbrofframes=2');
      await res.closed;
      const stats = sim.stats();
      assert.equal(stats.framesSent, 2);
      assert.equal(stats.bytesSent, res.body().length - '--myboundary--\r\n'.length);
    } finally {
      await sim.close();
    }
  });

  test('refuses options it cannot honour, with a message naming the option', async () => {
    await assert.rejects(startSimulator({ cameras: 257 }), /cameras must be a whole number from 1 to 256/);
    await assert.rejects(startSimulator({ resolution: '641x480' }), /resolution 641x480 is not supported/);
    await assert.rejects(startSimulator({ auth: 'digest', user: 'root' }), /needs a user and a password/);
    await assert.rejects(startSimulator({ cameras: 2, faults: [{ kind: 'drop', camera: 3, frames: 1 }] }), /targets camera 3/);
  });
});
