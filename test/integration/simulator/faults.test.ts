import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import jpeg from 'jpeg-js';
import { startSimulator, parseFault, type SimulatorOptions } from '../../../main/simulator/server.ts';
import { CORRUPT_LENGTH_EXCESS } from '../../../main/simulator/stream-client.ts';
import { request } from './stream-reader.ts';
import { waitFor } from '../../support/wait-for.ts';

async function withSimulator(options: SimulatorOptions, body: (port: number, sim: Awaited<ReturnType<typeof startSimulator>>) => Promise<void>) {
  const sim = await startSimulator(options);
  try { await body(sim.port, sim); } finally { await sim.close(); }
}

const faults = (...specs: string[]) => specs.map(parseFault);
const VIDEO = '/axis-cgi/mjpg/video.cgi?resolution=320x240';

describe('simulator faults, seen by a real client', { timeout: 300_000 }, () => {
  test('drop:N closes the connection after N frames, without a closing delimiter', async () => {
    await withSimulator({ cameras: 1, fps: 30, faults: faults('drop:3') }, async (port) => {
      const res = await request(port, VIDEO);
      assert.equal(await res.closed, 'end');
      assert.equal(res.parts().length, 3);
      assert.ok(!res.body().toString('latin1').includes('--myboundary--'));
    });
  });

  test('cam=N: aims a fault at one camera only', async () => {
    await withSimulator({ cameras: 2, fps: 30, faults: faults('cam=2:drop:2') }, async (port) => {
      const other = await request(port, `${VIDEO}&camera=1`);
      const target = await request(port, `${VIDEO}&camera=2`);
      assert.equal(await target.closed, 'end');
      assert.equal(target.parts().length, 2);
      await other.waitForParts(4);
      other.socket.destroy();
    });
  });

  test('stall:N sends N frames, then nothing, and keeps the connection open', async () => {
    await withSimulator({ cameras: 2, fps: 30, faults: faults('cam=1:stall:2') }, async (port, sim) => {
      const res = await request(port, `${VIDEO}&camera=1`);
      await res.waitForParts(2);
      // A viewer of the other camera receiving six frames shows time enough passed for more.
      const witness = await request(port, `${VIDEO}&camera=2&nbrofframes=6`);
      await witness.closed;
      assert.equal(res.parts().length, 2);
      assert.equal(res.socket.destroyed, false);
      assert.equal(sim.stats().clients, 1);
      res.socket.destroy();
    });
  });

  test('503:N answers the first N requests with 503 and Retry-After, then streams', async () => {
    await withSimulator({ cameras: 1, faults: faults('503:2') }, async (port) => {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`http://127.0.0.1:${port}/axis-cgi/jpg/image.cgi`);
        assert.equal(response.status, 503);
        assert.equal(response.headers.get('retry-after'), '1');
        await response.arrayBuffer();
      }
      const res = await request(port, VIDEO);
      assert.equal(res.status, 200);
      await res.waitForParts(1);
      res.socket.destroy();
    });
  });

  test('reboot:S/T resets open streams and refuses connections while down, then serves again', async () => {
    // Down 3 s of every 5: the connection below must land inside the outage even on a machine
    // that stalls for a second or two.
    await withSimulator({ cameras: 1, faults: faults('reboot:3/5') }, async (port) => {
      const res = await request(port, VIDEO);
      await res.waitForParts(1);
      // The first outage starts 5 s after start: the open stream is cut without its closing
      // delimiter. The simulator resets it; whether the kernel reports that to the reader as a
      // reset or as an end depends on what was still unread when the RST arrived.
      assert.match(await res.closed, /^(ECONNRESET|end)$/);
      assert.ok(!res.body().toString('latin1').includes('--myboundary--'), 'no closing delimiter');
      // A connection made while down is accepted and dropped before any answer.
      const refused = connect(port, '127.0.0.1');
      refused.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      let answered = 0;
      refused.on('data', (chunk: Buffer) => { answered += chunk.length; });
      const outcome = await new Promise<string>((done) => {
        refused.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
        refused.on('close', () => done('end'));
        // Answered and kept open (the outage was over): fail now rather than at the suite's timeout.
        refused.setTimeout(10_000, () => { done('still open'); refused.destroy(); });
      });
      assert.match(outcome, /^(ECONNRESET|EPIPE|end)$/);
      assert.equal(answered, 0, 'nothing is answered while down');
      // Up again after the outage.
      // The outage lasts 3 s of every 5: ask again until a stream answers.
      let lastError: unknown = null;
      await waitFor(async () => {
        try {
          const again = await request(port, VIDEO);
          await again.waitForParts(1);
          again.socket.destroy();
          return true;
        } catch (error) {
          lastError = error;
          return false;
        }
      }, { what: 'a stream after the outage', timeoutMs: 30_000, pollMs: 100 }).catch((error: unknown) => {
        throw lastError ?? error;
      });
    });
  });

  test('corrupt:N lies in the Content-Length of one Nth part and sends garbage in the next', async () => {
    await withSimulator({ cameras: 1, fps: 30, faults: faults('corrupt:2') }, async (port) => {
      const res = await request(port, `${VIDEO}&nbrofframes=4`);
      await res.closed;
      const raw = res.body();
      const starts: number[] = [];
      for (let at = raw.indexOf('--myboundary\r\n'); at >= 0; at = raw.indexOf('--myboundary\r\n', at + 1)) starts.push(at);
      assert.equal(starts.length, 4);
      const part = (i: number) => {
        const headerEnd = raw.indexOf('\r\n\r\n', starts[i]);
        const claimed = Number(/Content-Length: (\d+)/.exec(raw.subarray(starts[i], headerEnd).toString('latin1'))![1]);
        const next = starts[i + 1] ?? raw.indexOf('--myboundary--');
        return { claimed, actual: next - 2 - (headerEnd + 4), body: raw.subarray(headerEnd + 4, next - 2) };
      };
      assert.equal(part(0).claimed, part(0).actual);
      assert.equal(part(1).claimed, part(1).actual + CORRUPT_LENGTH_EXCESS, 'part 2 claims more bytes than it has');
      assert.equal(part(2).claimed, part(2).actual);
      assert.equal(part(3).claimed, part(3).actual);
      assert.notDeepEqual([...part(3).body.subarray(0, 2)], [0xff, 0xd8], 'part 4 is not a JPEG');
      assert.deepEqual([...part(2).body.subarray(0, 2)], [0xff, 0xd8]);
    });
  });

  test('drip:BPS sends the body no faster than the rate', async () => {
    const rate = 20_000;
    await withSimulator({ cameras: 1, faults: faults(`drip:${rate}`) }, async (port) => {
      const res = await request(port, '/axis-cgi/mjpg/video.cgi');
      const started = performance.now();
      await new Promise((r) => setTimeout(r, 1000));
      const received = res.body().length;
      const elapsed = (performance.now() - started) / 1000;
      assert.ok(received > 0, 'some bytes arrive');
      // One drip tick of slack: the simulator may have written a slice just before we started.
      assert.ok(received <= rate * elapsed + rate * 0.1, `${received} bytes in ${elapsed.toFixed(2)} s at ${rate} B/s`);
      assert.equal(res.parts().length, 0, 'a 640x480 frame takes longer than a second at this rate');
      res.socket.destroy();
    });
  });

  test('resize:N/WxH switches the picture between two sizes every N frames, on the same connection', async () => {
    await withSimulator({ cameras: 1, fps: 30, faults: faults('resize:2/480x640') }, async (port) => {
      const res = await request(port, `${VIDEO}&nbrofframes=6`);
      await res.closed;
      const sizes = res.parts().map((part) => {
        const { width, height } = jpeg.decode(part.body, { useTArray: true });
        return `${width}x${height}`;
      });
      assert.deepEqual(sizes, ['320x240', '320x240', '480x640', '480x640', '320x240', '320x240']);
    });
  });

  test('401 rejects even the right credentials', async () => {
    await withSimulator({ cameras: 1, auth: 'basic', user: 'viewer', password: 'secret', faults: faults('401') }, async (port) => {
      const response = await fetch(`http://127.0.0.1:${port}/axis-cgi/jpg/image.cgi`, {
        headers: { authorization: `Basic ${Buffer.from('viewer:secret').toString('base64')}` },
      });
      assert.equal(response.status, 401);
      await response.arrayBuffer();
    });
  });

  test('a client that stops reading has frames skipped for it, not queued', async () => {
    await withSimulator({ cameras: 1, fps: 60, resolution: '1920x1080' }, async (port, sim) => {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.pause();
      socket.write('GET /axis-cgi/mjpg/video.cgi HTTP/1.1\r\nHost: x\r\n\r\n');
      await waitFor(() => sim.stats().framesSkipped > 0, { what: 'a frame skipped for the stuck client', timeoutMs: 20_000 });
      const { framesSkipped, framesSent } = sim.stats();
      assert.ok(framesSkipped > 0, 'frames are skipped for the stuck client');
      // Only what fits the kernel's socket buffers plus one frame was sent: it stops growing.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sim.stats().framesSent, framesSent);
      socket.destroy();
    });
  });
});
