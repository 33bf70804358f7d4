// Saves a JPEG as a download. The blob URL lives only for the click that starts the download and
// is revoked right after, so nothing accumulates however many snapshots are taken.
import type { Frame } from '../../shared/frame.ts';

/**
 * Named after the camera and the frame's capture time in UTC to the millisecond
 * (`Gate-2026-10-25T00-30-05-123Z.jpg`): a recorded frame is found again by its name, and the
 * name stays unique through the autumn hour that local time repeats.
 */
export function downloadSnapshot(frame: Pick<Frame, 'jpeg' | 'capturedAt'>, cameraName: string): void {
  const stamp = new Date(frame.capturedAt).toISOString().replace(/[:.]/g, '-');
  downloadBytes(frame.jpeg, 'image/jpeg', `${safeFileName(cameraName)}-${stamp}.jpg`);
}

export function downloadBytes(bytes: ArrayBuffer | string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has already handed the blob to the download; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'camera';
}
