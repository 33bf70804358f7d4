// The one HTTP request a scan makes to each device it found: `GET /` without credentials, to
// see whether it answers and whether it is a factory-default Axis device. Such a device has no
// account yet (AXIS OS has no default password), answers every request with the header
// `AXIS-Setup: vapix` (with a 401 on AXIS OS 12, or a redirect to its set-up page), and must be
// set up in its own web page before anything can log in. Only the status line and headers are
// read (Node's parser bounds them at 16 KiB); the body is never read, and the connection closes.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../base/clock.ts';
import type { DiscoveredCamera } from '../../shared/discovery.ts';

export type HttpProbe = { status: number | null; error: string | null; setupNeeded: boolean };

/** What a factory-default Axis device says in every answer. */
export const AXIS_SETUP_HEADER = 'axis-setup';

export function probeHttp(device: Pick<DiscoveredCamera, 'host' | 'scheme' | 'port'>, timeoutMs: number, clock: Clock): Promise<HttpProbe> {
  const port = device.port ?? (device.scheme === 'https' ? 443 : 80);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpProbe) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      request.destroy();
      resolve(result);
    };
    const options = {
      host: device.host,
      port,
      path: '/',
      method: 'GET',
      agent: false,
      headers: { accept: '*/*', connection: 'close', 'user-agent': 'Camwall-discovery' },
    } as const;
    const onResponse = (response: IncomingMessage) => {
      const setup = response.headers[AXIS_SETUP_HEADER];
      response.destroy();
      finish({ status: response.statusCode ?? null, error: null, setupNeeded: typeof setup === 'string' && setup.trim() !== '' });
    };
    // A camera's https certificate is self-signed until someone installs one. Nothing is sent
    // but `GET /` and nothing read but the status and headers, so an unverified certificate
    // cannot leak anything here; the camera form pins the certificate before any password goes.
    const request = device.scheme === 'https' ? httpsRequest({ ...options, rejectUnauthorized: false }, onResponse) : httpRequest(options, onResponse);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, error: describe(error), setupNeeded: false }));
    const timer = clock.setTimer(() => finish({ status: null, error: `no answer within ${timeoutMs} ms`, setupNeeded: false }), timeoutMs);
    request.end();
  });
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') return 'no route to the device';
  if (error.code === 'ECONNRESET') return 'the connection was reset';
  return error.code ?? 'the request failed';
}
