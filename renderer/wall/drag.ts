// What a drag on the wall carries: a camera from the list, or a tile being moved. A private MIME
// type keeps drops from other apps (files, text) from landing on a tile.
export type DragPayload = { kind: 'camera'; cameraId: string } | { kind: 'tile'; index: number };

const MIME = 'application/x-camwall';

export function setDragPayload(event: DragEvent, payload: DragPayload): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(MIME, JSON.stringify(payload));
  event.dataTransfer.effectAllowed = 'move';
}

/**
 * The payload of a drop. During dragover browsers hide the data and show only the types, so
 * `typeOnly` answers a placeholder when the drag is ours.
 */
export function dragPayload(event: DragEvent, typeOnly = false): DragPayload | null {
  const transfer = event.dataTransfer;
  if (!transfer || !transfer.types.includes(MIME)) return null;
  if (typeOnly) return { kind: 'tile', index: -1 };
  try {
    const value = JSON.parse(transfer.getData(MIME)) as DragPayload;
    if (value.kind === 'camera' && typeof value.cameraId === 'string') return value;
    if (value.kind === 'tile' && Number.isInteger(value.index)) return value;
  } catch {
    // not ours after all
  }
  return null;
}
