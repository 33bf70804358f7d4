// The tests use Debian's ffmpeg (ffprobe checks recordings and exports), mediainfo (a second reader
// of exported clips), Chromium (renderer tests through playwright-core), iproute2's ip (the
// discovery tests build a private network of namespaces), python3-opencv (OpenCV's VideoCapture
// reads the MJPEG re-stream) and Mosquitto (the MQTT bridge against a real broker;
// mosquitto_passwd makes its password file). Installs whichever is
// missing with apt-get when we may (root, or sudo without a password); otherwise says exactly what
// to run.
import { execFileSync, spawnSync } from 'node:child_process';

const wanted = [
  { bin: 'ffprobe', pkg: 'ffmpeg' },
  { bin: 'mediainfo', pkg: 'mediainfo' },
  { bin: 'chromium', pkg: 'chromium' },
  { bin: 'ip', pkg: 'iproute2' },
  // Debian's python3 (a pyenv python3 first on the PATH does not see Debian's packages).
  { check: "python3 -c 'import cv2' || /usr/bin/python3 -c 'import cv2'", pkg: 'python3-opencv' },
  { bin: 'mosquitto_passwd', pkg: 'mosquitto' },
];
const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const passes = (command) => spawnSync('sh', ['-c', command], { stdio: 'ignore' }).status === 0;
const missing = wanted.filter((w) => (w.bin !== undefined ? !has(w.bin) : !passes(w.check))).map((w) => w.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = process.getuid?.() === 0;
const sudo = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
if (process.platform !== 'linux' || (!isRoot && !sudo) || !has('apt-get')) {
  console.error(`The tests need ${missing.join(' and ')}. Install them, e.g.: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
const run = (args) => execFileSync(isRoot ? args[0] : 'sudo', isRoot ? args.slice(1) : args, {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
console.log(`installing ${missing.join(', ')} with apt-get for the tests`);
run(['apt-get', 'update', '-q']);
run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);
