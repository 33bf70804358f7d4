// `camwall probe` as a user runs it: a child process against the misbehaving test camera,
// checking exit codes, --json, --save, and that the password never shows up in the output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeJpegs } from '../../support/jpegs.ts';
import { lastJsonLine, runCli, type CliResult } from '../../support/run-cli.ts';
import { startTestCamera, type TestCameraOptions } from '../../support/test-camera.ts';

const PASSWORD = 'pä ss:wörd "x" \\y';
const USER = 'Jäsøn Doe';
const FRAMES = makeJpegs(6, 64, 48);
/**
 * Bounds the whole suite as well as each test (node:test applies a describe's timeout to both).
 * The suite spawns about thirty CLI children, four at a time: 45 s on a quiet 2-core machine, and
 * tests of 20-30 s each on an overloaded one. Each child has its own deadline (runCli), so this one
 * only stops a hang.
 */
const TEST_TIMEOUT = 300_000;

let dir: string;
let passwordFile: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'camwall-probe-'));
  passwordFile = join(dir, 'password');
  await writeFile(passwordFile, `${PASSWORD}\nsecond line is ignored\n`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function probeAgainst(options: TestCameraOptions, args: string[], env?: Record<string, string>) {
  const camera = await startTestCamera(options);
  try {
    const result = await runCli(['probe', camera.url(), ...args], env ? { env } : {});
    assertNoSecrets(result);
    return { result, camera };
  } finally {
    await camera.close();
  }
}

function assertNoSecrets(result: CliResult): void {
  for (const text of [result.stdout, result.stderr]) {
    assert.ok(!text.includes(PASSWORD), `password leaked:\n${text}`);
    assert.ok(!text.includes('pä ss'), `part of the password leaked:\n${text}`);
  }
}

const json = (result: CliResult) => lastJsonLine(result.stdout);

describe('camwall probe', { concurrency: 4, timeout: TEST_TIMEOUT }, () => {
  test('reads N frames of a plain stream, saves them byte for byte, reports them in --json', async () => {
    const save = join(dir, 'plain');
    // 150 ms apart, so the four frames span well over MIN_FPS_SPAN_MS (also when this busy
    // machine holds the probe back for a moment) and get a rate.
    const { result, camera } = await probeAgainst({ frames: FRAMES, frameCount: Infinity, intervalMs: 150 }, ['--frames', '4', '--save', save, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = json(result);
    assert.equal(report.url, camera.url());
    assert.equal(report.status, 200);
    assert.equal(report.contentType, 'multipart/x-mixed-replace; boundary=myboundary');
    assert.equal(report.boundary, 'myboundary');
    assert.equal(report.authScheme, 'none');
    assert.equal(report.httpVersion, '1.1');
    assert.equal(report.frames, 4);
    assert.equal(report.width, 64);
    assert.equal(report.height, 48);
    assert.ok((report.bytes as number) >= FRAMES.slice(0, 4).reduce((n, f) => n + f.length, 0));
    assert.equal(typeof report.fps, 'number');
    assert.equal(typeof report.kbitps, 'number');
    assert.equal(typeof report.durationMs, 'number');
    assert.equal(report.rejected, 0);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(await readdir(save), ['000001.jpg', '000002.jpg', '000003.jpg', '000004.jpg']);
    for (let i = 0; i < 4; i++) {
      assert.ok((await readFile(join(save, `00000${i + 1}.jpg`))).equals(FRAMES[i] as Buffer), `frame ${i + 1} differs`);
    }
  });

  test('without --json prints a short readable summary', async () => {
    const { result } = await probeAgainst({ frames: FRAMES }, ['--frames', '2']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /HTTP 200 \(HTTP\/1\.1\), multipart\/x-mixed-replace; boundary=myboundary, auth: no authentication/);
    assert.match(result.stdout, /2 frames, 64x48/);
    assert.doesNotMatch(result.stdout, /^\{/m);
  });

  test('Digest from several headers: picks SHA-256 over MD5 and Basic; non-ASCII user, password file', async () => {
    const { result, camera } = await probeAgainst(
      { frames: FRAMES, auth: { username: USER, password: PASSWORD, schemes: ['basic', 'MD5', 'SHA-256'], opaque: 'FQhe/qaU925' } },
      ['--user', USER, '--password-file', passwordFile, '--frames', '3', '--json'],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json(result).authScheme, 'digest-sha256');
    assert.equal(json(result).frames, 3);
    assert.equal(camera.requests[0]?.headers.authorization, undefined, 'the first request carries no credentials');
    assert.match(camera.requests[1]?.headers.authorization ?? '', /^Digest username\*=UTF-8''J%C3%A4s%C3%B8n%20Doe, .*algorithm=SHA-256.*opaque="FQhe\/qaU925"/);
  });

  for (const [schemes, expected] of [
    [['MD5'], 'digest-md5'],
    [['MD5', 'MD5-sess'], 'digest-md5-sess'],
    [['SHA-256', 'SHA-256-sess', 'MD5'], 'digest-sha256-sess'],
    [['basic'], 'basic'],
  ] as const) {
    test(`one header offering ${schemes.join(' + ')}: authenticates with ${expected}`, async () => {
      const { result } = await probeAgainst(
        { frames: FRAMES, auth: { username: 'root', password: PASSWORD, schemes: [...schemes], oneHeader: true } },
        ['--user', 'root', '--frames', '2', '--json'],
        { CAMWALL_PASSWORD: PASSWORD },
      );
      assert.equal(result.code, 0, result.stderr);
      assert.equal(json(result).authScheme, expected);
    });
  }

  test('RFC 2069 Digest without qop, and userhash', async () => {
    for (const auth of [{ qop: false }, { userhash: true }]) {
      const { result } = await probeAgainst(
        { frames: FRAMES, auth: { username: USER, password: PASSWORD, schemes: ['SHA-256'], ...auth } },
        ['--user', USER, '--password-file', passwordFile, '--frames', '1', '--json'],
      );
      assert.equal(result.code, 0, `${JSON.stringify(auth)}: ${result.stderr}`);
    }
  });

  test('a stale=true re-challenge is answered with the new nonce without failing', async () => {
    const { result, camera } = await probeAgainst(
      { frames: FRAMES, auth: { username: 'root', password: PASSWORD, schemes: ['SHA-256'], staleOnce: true } },
      ['--user', 'root', '--password-file', passwordFile, '--frames', '2', '--json'],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(camera.requests.length, 3, 'no credentials, stale answer, fresh answer');
    const nonce = (i: number) => /nonce="([^"]+)"/.exec(camera.requests[i]?.headers.authorization ?? '')?.[1];
    assert.notEqual(nonce(1), nonce(2));
  });

  test('a camera that is always stale ends as an auth error (exit 3)', async () => {
    const { result, camera } = await probeAgainst(
      { frames: FRAMES, auth: { username: 'root', password: PASSWORD, schemes: ['MD5'], alwaysStale: true } },
      ['--user', 'root', '--password-file', passwordFile, '--json'],
    );
    assert.equal(result.code, 3, result.stderr);
    assert.ok(camera.requests.length <= 4, `gave up after ${camera.requests.length} requests`);
  });

  test('wrong password: exit 3, camera asked twice at most, password not echoed', async () => {
    const { result, camera } = await probeAgainst(
      { frames: FRAMES, auth: { username: 'root', password: 'right', schemes: ['SHA-256', 'basic'] } },
      ['--user', 'root', '--password-file', passwordFile, '--json'],
    );
    assert.equal(result.code, 3);
    assert.match(result.stderr, /rejected the user name or password \(Digest SHA-256\)/);
    assert.equal(json(result).status, 401);
    assert.equal(camera.requests.length, 2);
  });

  test('missing credentials: exit 3 and says which scheme the camera wants', async () => {
    const { result } = await probeAgainst({ frames: FRAMES, auth: { username: 'root', password: 'x', schemes: ['basic'] } }, []);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /requires a user name and password \(Basic\)/);
  });

  test('403 after authentication: exit 3', async () => {
    const { result } = await probeAgainst(
      { frames: FRAMES, auth: { username: 'viewer', password: PASSWORD, schemes: ['basic'], forbidden: true } },
      ['--user', 'viewer', '--password-file', passwordFile],
    );
    assert.equal(result.code, 3);
    assert.match(result.stderr, /403/);
  });

  test('503 with Retry-After: exit 4, status and retry time reported', async () => {
    const { result } = await probeAgainst({ frames: FRAMES, status: 503, extraHeaders: { 'Retry-After': '7' } }, ['--json']);
    assert.equal(result.code, 4);
    const report = json(result);
    assert.equal(report.status, 503);
    assert.match(String((report.errors as string[])[0]), /busy.*retry in 7 s/);
  });

  test('not MJPEG (text/html 200) and 404: exit 4', async () => {
    const html = await probeAgainst({ frames: FRAMES, contentType: 'text/html; charset=utf-8' }, ['--json']);
    assert.equal(html.result.code, 4);
    assert.match(html.result.stderr, /Content-Type text\/html, not an MJPEG/);
    const missing = await probeAgainst({ frames: FRAMES, status: 404 }, []);
    assert.equal(missing.result.code, 4);
    assert.match(missing.result.stderr, /404/);
  });

  test('a response head and chunk lines with LF-only line endings, behind Digest: exit 0 with every frame', async () => {
    const save = join(dir, 'lf-head');
    const { result } = await probeAgainst(
      { frames: FRAMES, lfOnlyHead: true, lfOnlyChunkLines: true, closingDelimiter: true, auth: { username: USER, password: PASSWORD, schemes: ['MD5'] } },
      ['--user', USER, '--password-file', passwordFile, '--save', save, '--json'],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json(result).frames, FRAMES.length);
    assert.equal(json(result).authScheme, 'digest-md5');
    for (const [i, name] of (await readdir(save)).entries()) assert.ok((await readFile(join(save, name))).equals(FRAMES[i] as Buffer));
  });

  test('HTTP/1.0 close-delimited body: every frame, httpVersion 1.0', async () => {
    const save = join(dir, 'http10');
    const { result } = await probeAgainst({ frames: FRAMES, httpVersion: '1.0', closingDelimiter: true }, ['--save', save, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json(result).httpVersion, '1.0');
    assert.equal(json(result).frames, FRAMES.length, 'the stream ended cleanly before --frames');
    for (const [i, name] of (await readdir(save)).entries()) {
      assert.ok((await readFile(join(save, name))).equals(FRAMES[i] as Buffer));
    }
  });

  test('boundary declared with its dashes, LF-only part lines, no part Content-Length', async () => {
    const save = join(dir, 'dashes');
    const { result } = await probeAgainst(
      { frames: FRAMES, boundary: '--myboundary', delimiter: '--myboundary', lineEnding: '\n', partLength: 'none', closingDelimiter: true, transfer: 'close' },
      ['--save', save, '--json'],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json(result).boundary, '--myboundary');
    assert.equal(json(result).frames, FRAMES.length);
    const saved = await readdir(save);
    for (const [i, name] of saved.entries()) assert.ok((await readFile(join(save, name))).equals(FRAMES[i] as Buffer));
  });

  test('a lying part Content-Length: only whole frames the camera sent are delivered', async () => {
    const save = join(dir, 'lying');
    const { result } = await probeAgainst({ frames: FRAMES, partLength: 'larger', closingDelimiter: true }, ['--save', save, '--json']);
    const report = json(result);
    assert.ok((report.rejected as number) + (report.resyncs as number) > 0, 'the lie was noticed');
    for (const name of await readdir(save)) {
      const saved = await readFile(join(save, name));
      assert.ok(FRAMES.some((f) => f.equals(saved)), `${name} is not a frame the camera sent`);
    }
    assert.equal(result.code, (report.frames as number) > 0 ? 0 : 4);
  });

  test('connection closed mid-frame: the whole frames before it, exit 0, the cut reported', async () => {
    const save = join(dir, 'cut');
    const { result } = await probeAgainst({ frames: FRAMES, cutAfterFrames: 2, httpVersion: '1.0' }, ['--save', save, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = json(result);
    assert.equal(report.frames, 2);
    assert.ok((report.errors as string[]).length > 0, 'the cut part is reported');
    assert.deepEqual(await readdir(save), ['000001.jpg', '000002.jpg']);
  });

  test('chunked stream cut mid-chunk: frames before it kept, error reported, exit 0', async () => {
    const { result } = await probeAgainst({ frames: FRAMES, cutAfterFrames: 3 }, ['--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json(result).frames, 3);
    assert.match((json(result).errors as string[]).join('\n'), /closed|truncated/);
  });

  test('regression: a stall after some frames ends at --timeout with exit 5, the frames reported and saved; a stall before any frame is exit 5', async () => {
    // The parser holds a part until the delimiter after it confirms its end, so of two parts
    // sent before the stall, one (at least) is delivered.
    const saved = join(dir, 'stalled-frames');
    const one = await probeAgainst({ frames: FRAMES, stallAfterFrames: 2 }, ['--timeout', '5', '--json', '--save', saved]);
    assert.equal(one.result.code, 5, one.result.stderr);
    const got = json(one.result).frames as number;
    assert.ok(got >= 1);
    assert.equal((await readdir(saved)).filter((n) => n.endsWith(".jpg")).length, got, "the frames before the stall stay saved");
    assert.match((json(one.result).errors as string[]).join('\n'), /no complete frame for 5 s|sent nothing for 5 s/);
    const none = await probeAgainst({ frames: FRAMES, stallAfterFrames: 0 }, ['--timeout', '1', '--json']);
    assert.equal(none.result.code, 5, none.result.stderr);
  });

  test('frames that come in one burst report no fps, and the summary says why', async () => {
    // Ten frames in one write (a camera sending what it buffered). Written part by part they
    // would be spread by Nagle and delayed ACKs on a busy machine. The rule itself, with the
    // figures of a VGA burst, is in test/unit/cli/probe-report.test.ts.
    const parts = Array.from({ length: 10 }, (_, i) => {
      const jpeg = FRAMES[i % FRAMES.length]!;
      return Buffer.concat([Buffer.from(`--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
    });
    const body = Buffer.concat([...parts, Buffer.from('--myboundary--\r\n')]);
    const burst: TestCameraOptions = { respond: () => ({ status: 200, headers: { 'Content-Type': 'multipart/x-mixed-replace; boundary=myboundary' }, body }) };
    const asJson = await probeAgainst(burst, ['--frames', '10', '--json']);
    assert.equal(asJson.result.code, 0, asJson.result.stderr);
    assert.equal(json(asJson.result).frames, 10);
    assert.equal(json(asJson.result).fps, null);
    const text = await probeAgainst(burst, ['--frames', '10']);
    assert.match(text.result.stdout, /rate unknown \(the frames came in one burst\)/);
  });

  test('a single image/jpeg response is one frame', async () => {
    const { result } = await probeAgainst({ frames: FRAMES, single: true, contentType: 'image/jpeg' }, ['--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(json(result).frames, 1);
    assert.equal(json(result).boundary, null);
    assert.equal(json(result).width, 64);
  });

  test('nothing listening: exit 5', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await runCli(['probe', `http://127.0.0.1:${port}/x`, '--json']);
    assert.equal(result.code, 5);
    assert.match(result.stderr, /refused the connection/);
  });

  test('usage errors: exit 2, and a URL with credentials is refused without echoing them', async () => {
    const withCredentials = await runCli(['probe', 'http://admin:hunter2@127.0.0.1:1/video.cgi']);
    assert.equal(withCredentials.code, 2);
    assert.match(withCredentials.stderr, /contains a user name or password.*--user/);
    assert.ok(!withCredentials.stderr.includes('hunter2') && !withCredentials.stdout.includes('hunter2'));
    const cases: Array<[string[], RegExp]> = [
      [[], /missing <url>/],
      [['http://127.0.0.1:1/', '--frames', '0'], /--frames must be at least 1/],
      [['http://127.0.0.1:1/', '--password', 'hunter2', '--user', 'u'], /--password is not accepted: a password on the command line is visible to every user in the process list\. Use --password-file FILE .* or \$CAMWALL_PASSWORD/],
      [['http://127.0.0.1:1/', '--password=hunter2', '--user', 'u'], /--password is not accepted/],
      [['http://127.0.0.1:1/', '--password-file', passwordFile], /without --user/],
      [['http://127.0.0.1:1/', '--password-file', join(dir, 'nope'), '--user', 'u'], /cannot read .*ENOENT/],
      [['rtsp://127.0.0.1/'], /must start with http/],
      [['http://127.0.0.1:1/', '--fingerprint', 'AB:CD'], /--fingerprint only applies to https/],
      [['https://127.0.0.1:1/', '--fingerprint', 'AB:CD'], /not a SHA-256 fingerprint/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['probe', ...args])));
    cases.forEach(([args, message], i) => {
      assert.equal(results[i]?.code, 2, `${args.join(' ')}: ${results[i]?.stderr}`);
      assert.match(results[i]?.stderr ?? '', message);
      assert.equal(results[i]?.stderr.includes('hunter2'), false, 'the password is not echoed');
    });
    const help = await runCli(['probe', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--password-file FILE/);
    assert.doesNotMatch(help.stdout, /--password PASSWORD/);
    const record = await runCli(['record', 'http://127.0.0.1:1/', '--out', dir, '--user', 'u', '--password', 'hunter2']);
    assert.equal(record.code, 2);
    assert.match(record.stderr, /--password is not accepted/);
  });
});
