// Reads and checks the arguments of video.cgi and image.cgi the way an Axis device does:
// a bad argument is answered with "200 OK", text/plain, and the message as the body, wrapped in
// an HTML comment when the request named a camera (VAPIX Video Streaming API, section "Error
// handling"; see docs/simulator.md).

import { SUPPORTED_RESOLUTIONS, isSupportedResolution, type Resolution } from './picture.ts';

/** VAPIX compression is 0..100. */
const MAX_COMPRESSION = 100;
/** A frame rate above this is not a camera's; fps=0 means "as fast as the camera goes". */
export const MAX_REQUEST_FPS = 1000;
/** duration and nbrofframes are 32-bit on the device. */
const MAX_COUNT = 2 ** 31 - 1;

export interface MediaRequest {
  camera: number;
  resolution: Resolution;
  /** Frames per second to send: the request's fps, capped to the camera's rate. */
  fps: number;
  compression: number | null;
  /** Seconds; 0 = unlimited. */
  duration: number;
  /** 0 = unlimited. */
  frames: number;
}

export type MediaRequestResult =
  | { ok: true; request: MediaRequest }
  | { ok: false; message: string; body: string };

function error(message: string, cameraNamed: boolean): MediaRequestResult {
  return { ok: false, message, body: cameraNamed ? `<!--${message}-->` : message };
}

function wholeNumber(text: string, max: number): number | null {
  return /^\d{1,10}$/.test(text) && Number(text) <= max ? Number(text) : null;
}

export function readMediaRequest(
  query: URLSearchParams,
  defaults: { cameras: number; resolution: Resolution; fps: number },
): MediaRequestResult {
  const cameraText = query.get('camera');
  const named = cameraText !== null;
  const camera = cameraText === null ? 1 : wholeNumber(cameraText, defaults.cameras);
  if (camera === null || camera < 1) return error(`Camera ${cameraText} not available.`, named);

  const resolutionText = query.get('resolution') ?? defaults.resolution;
  if (!isSupportedResolution(resolutionText)) {
    return error(`Invalid resolution ${resolutionText}. Supported: ${SUPPORTED_RESOLUTIONS.join(',')}`, named);
  }
  const fpsText = query.get('fps') ?? query.get('req_fps');
  const requestedFps = fpsText === null ? 0 : wholeNumber(fpsText, MAX_REQUEST_FPS);
  if (requestedFps === null) return error(`Invalid fps ${fpsText}. Use a whole number, 0 for the camera's rate (${defaults.fps}).`, named);
  const compressionText = query.get('compression');
  const compression = compressionText === null ? null : wholeNumber(compressionText, MAX_COMPRESSION);
  if (compressionText !== null && compression === null) return error(`Invalid compression ${compressionText}. Use 0..${MAX_COMPRESSION}.`, named);
  const durationText = query.get('duration');
  const duration = durationText === null ? 0 : wholeNumber(durationText, MAX_COUNT);
  if (duration === null) return error(`Invalid duration ${durationText}. Use whole seconds, 0 for unlimited.`, named);
  const framesText = query.get('nbrofframes');
  const frames = framesText === null ? 0 : wholeNumber(framesText, MAX_COUNT);
  if (frames === null) return error(`Invalid nbrofframes ${framesText}. Use a whole number, 0 for unlimited.`, named);

  const fps = requestedFps === 0 ? defaults.fps : Math.min(requestedFps, defaults.fps);
  return { ok: true, request: { camera, resolution: resolutionText, fps, compression, duration, frames } };
}
