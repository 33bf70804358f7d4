// A real Mosquitto broker for the MQTT tests: a temp folder with a generated config, a password
// file made by mosquitto_passwd and an ACL, listening on a free loopback port (TCP, and
// WebSockets on a second one); kill() and start() again on the same ports to play a broker that
// goes away and comes back. Debian's `mosquitto` package (build/test-deps.mjs installs it).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for.ts';
import { freePort } from './free-port.ts';

export const MOSQUITTO = process.env['MOSQUITTO'] ?? '/usr/sbin/mosquitto';
/** The users the tests connect as: the app, and an observer that may read everything. */
export const APP_USER = 'camwall';
export const APP_PASSWORD = 'app-secret-Pa55';
export const OBSERVER_USER = 'observer';
export const OBSERVER_PASSWORD = 'observer-secret';

export type Broker = {
  port: number;
  /** The TLS listener's port (mqtts), when started with a certificate; its CA file. */
  tlsPort: number | null;
  caFile: string | null;
  wsPort: number;
  url: string;
  wsUrl: string;
  /** Everything the broker logged (stderr), for failure messages. */
  log(): string;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};


export async function startBroker(prefix = 'camwall', tls?: { cert: string; key: string }): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'camwall-mosquitto-'));
  const port = await freePort();
  const wsPort = await freePort();
  const tlsPort = tls ? await freePort() : null;
  const caFile = tls ? join(dir, 'cert.pem') : null;
  if (tls) {
    writeFileSync(caFile!, tls.cert, { mode: 0o600 });
    writeFileSync(join(dir, 'key.pem'), tls.key, { mode: 0o600 });
  }
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '', { mode: 0o600 });
  execFileSync('mosquitto_passwd', ['-b', passwd, APP_USER, APP_PASSWORD]);
  execFileSync('mosquitto_passwd', ['-b', passwd, OBSERVER_USER, OBSERVER_PASSWORD]);
  chmodSync(passwd, 0o600);
  const acl = join(dir, 'acl');
  writeFileSync(
    acl,
    [
      `user ${APP_USER}`,
      `topic readwrite ${prefix}/#`,
      'topic readwrite homeassistant/#',
      '',
      `user ${OBSERVER_USER}`,
      'topic read #',
      `topic write ${prefix}/+/recording/set`,
      'topic write homeassistant/status',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      // As root Mosquitto would switch to the `mosquitto` user, who cannot read our temp files.
      `user ${userInfo().username}`,
      'per_listener_settings false',
      'allow_anonymous false',
      `password_file ${passwd}`,
      `acl_file ${acl}`,
      'persistence false',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      `listener ${port} 127.0.0.1`,
      `listener ${wsPort} 127.0.0.1`,
      'protocol websockets',
      ...(tls ? [`listener ${tlsPort} 127.0.0.1`, `certfile ${caFile}`, `keyfile ${join(dir, 'key.pem')}`] : []),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  let child: ChildProcess | null = null;
  let stderr = '';
  const start = async () => {
    const proc = spawn(MOSQUITTO, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`mosquitto exited with ${proc.exitCode}: ${stderr}`);
        return new Promise<boolean>((resolve) => {
          const socket = net.connect(port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => resolve(false));
        });
      },
      { what: `mosquitto listening on 127.0.0.1:${port}`, timeoutMs: 30_000 },
    );
  };
  const kill = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    tlsPort,
    caFile,
    wsPort,
    url: `mqtt://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    log: () => stderr,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
