// A loopback port nobody listens on now, for a child process that must be told its port up front
// (mosquitto, ffmpeg, a bench's server). Another process could take it before the child binds;
// tests of our own servers listen on port 0 instead.
import net from 'node:net';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
