// The demo wall: the built-in simulator in this process, and its channels as cameras, so a
// first start (or `--demo`) shows a live wall at once. The simulator listens on a new ephemeral
// loopback port each start, so the demo cameras are re-pointed at it every time; their ids are
// remembered in demo.json in the data folder (cameras the user removed stay removed).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Camera } from '../../shared/camera.ts';
import { startSimulator, type Simulator } from '../simulator/server.ts';
import type { Registry } from '../registry/registry.ts';

export const DEMO_CAMERAS = 6;
export const DEMO_RESOLUTION = '640x480';
export const DEMO_FPS = 10;
const DEMO_HOST = '127.0.0.1';

type DemoState = { cameraIds: string[] };

export function readDemoState(file: string): DemoState | null {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoState>;
    return Array.isArray(state.cameraIds) ? { cameraIds: state.cameraIds.filter((id): id is string => typeof id === 'string') } : null;
  } catch {
    return null;
  }
}

/** Demo cameras still in the registry, per demo.json. */
export function demoCamerasIn(registry: Registry, stateFile: string): Camera[] {
  const ids = readDemoState(stateFile)?.cameraIds ?? [];
  return ids.map((id) => registry.cameras.get(id)).filter((camera): camera is Camera => camera !== null);
}

export type Demo = { simulator: Simulator; cameras: Camera[]; close(): Promise<void> };

/**
 * Starts the simulator and points the demo cameras at it: re-points the ones demo.json lists
 * and still exist, or adds DEMO_CAMERAS new ones when none is left.
 */
export async function startDemo(registry: Registry, stateFile: string): Promise<Demo> {
  let cameras = demoCamerasIn(registry, stateFile);
  const simulator = await startDemoSimulator(previousPort(cameras));
  try {
    if (cameras.length > 0) {
      for (const camera of cameras) {
        if (camera.host !== DEMO_HOST || camera.port !== simulator.port) {
          await registry.cameras.update(camera.id, { host: DEMO_HOST, port: simulator.port });
        }
      }
      cameras = cameras.map((camera) => registry.cameras.require(camera.id));
    } else {
      cameras = [];
      for (let channel = 1; channel <= DEMO_CAMERAS; channel++) {
        cameras.push(
          await registry.cameras.add({
            name: `Demo ${channel}`,
            kind: 'vapix',
            scheme: 'http',
            host: DEMO_HOST,
            port: simulator.port,
            channel,
            resolution: DEMO_RESOLUTION,
            fps: DEMO_FPS,
            enabled: true,
          }),
        );
      }
      writeFileSync(stateFile, `${JSON.stringify({ cameraIds: cameras.map((c) => c.id) } satisfies DemoState)}\n`, { mode: 0o600 });
      fillEmptyActiveLayout(registry, cameras);
    }
    return { simulator, cameras, close: () => simulator.close() };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

/**
 * The port the demo cameras point at already, when they all share one: listening there again
 * saves rewriting them (which a full disk would refuse) and keeps their URLs stable.
 */
function previousPort(cameras: Camera[]): number {
  const ports = new Set(cameras.filter((camera) => camera.host === DEMO_HOST).map((camera) => camera.port));
  return ports.size === 1 ? [...ports][0]! : 0;
}

async function startDemoSimulator(port: number): Promise<Simulator> {
  const options = { host: DEMO_HOST, cameras: DEMO_CAMERAS, resolution: DEMO_RESOLUTION, fps: DEMO_FPS, auth: 'none' } as const;
  if (port !== 0) {
    try {
      return await startSimulator({ ...options, port });
    } catch {
      // Taken by something else since: any free port, and the cameras are re-pointed.
    }
  }
  return startSimulator({ ...options, port: 0 });
}

/** A first wall that shows the demo cameras: a 3x3 layout when the active one is still empty. */
function fillEmptyActiveLayout(registry: Registry, cameras: Camera[]): void {
  const active = registry.layouts.ensureActive();
  if (active.tiles.some((tile) => tile !== null)) return;
  const tiles: Array<string | null> = Array.from({ length: 9 }, (_, i) => cameras[i]?.id ?? null);
  registry.layouts.save({ id: active.id, name: active.name, preset: '3x3', tiles });
}
