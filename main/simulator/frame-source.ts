// Builds one camera's frames by pasting pre-encoded MCU tiles (picture.ts) between restart
// markers: per frame, only the frame-number digits and the ball's track change; everything else
// is copied as a few long runs prepared once. No DCT, no Huffman coding per frame.

import { captureCommentSize, writeCaptureComment, type CaptureStamp } from './capture-comment.ts';
import { MCU_SIZE } from './jpeg-encoder.ts';
import {
  BALL_PHASE_STEP, FRAME_NUMBER_DIGITS, ballX, buildCameraLabel, buildResolutionArt,
  type Resolution, type ResolutionArt,
} from './picture.ts';

const SOI = Uint8Array.of(0xff, 0xd8);
const EOI = Uint8Array.of(0xff, 0xd9);
const FRAME_NUMBER_MODULUS = 10 ** FRAME_NUMBER_DIGITS;

/** One MCU position in scan order whose tile changes from frame to frame. */
type DynamicSlot =
  | { kind: 'digit'; position: number; index: number; restart: number }
  | { kind: 'track'; col: number; row: number; restart: number };
/** The scan as a sequence of fixed byte runs (restart markers included) and changing tiles. */
type ScanPiece = Uint8Array | DynamicSlot;

/** Restart marker RSTn following MCU `index`, or -1 after the last MCU (T.81 B.2.1: n cycles 0..7). */
function restartAfter(index: number, total: number): number {
  return index === total - 1 ? -1 : 0xd0 + (index % 8);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) { out.set(part, offset); offset += part.length; }
  return out;
}

/** Part framing a caller wants around the JPEG, built knowing the JPEG's length. */
export interface Wrapping {
  prefix(jpegLength: number): Uint8Array;
  suffix: Uint8Array;
}

export interface ComposedFrame {
  /** prefix + JPEG + suffix in one buffer, ready for a single socket write. */
  bytes: Uint8Array;
  jpeg: Uint8Array;
}

/**
 * One frame in one buffer: the wrapping's prefix, SOI, the capture comment, `header`, the
 * `scanLength` bytes of scan that `writeScan` puts at `offset` (it returns the offset after them),
 * EOI, the suffix. Every picture source builds its frames this way.
 */
export function assembleFrame(
  stamp: CaptureStamp,
  header: Uint8Array,
  scanLength: number,
  writeScan: (bytes: Uint8Array, offset: number) => number,
  wrapping?: Wrapping,
): ComposedFrame {
  const jpegLength = SOI.length + captureCommentSize(stamp) + header.length + scanLength + EOI.length;
  const prefix = wrapping?.prefix(jpegLength);
  const suffix = wrapping?.suffix;
  const bytes = new Uint8Array((prefix?.length ?? 0) + jpegLength + (suffix?.length ?? 0));
  let offset = 0;
  if (prefix) { bytes.set(prefix, 0); offset = prefix.length; }
  const jpegStart = offset;
  bytes.set(SOI, offset); offset += SOI.length;
  offset = writeCaptureComment(bytes, offset, stamp);
  bytes.set(header, offset); offset += header.length;
  offset = writeScan(bytes, offset);
  bytes.set(EOI, offset); offset += EOI.length;
  const jpeg = bytes.subarray(jpegStart, offset);
  if (suffix) bytes.set(suffix, offset);
  return { bytes, jpeg };
}

const artCache = new Map<Resolution, ResolutionArt>();
/** Pre-encoded tiles are the same for every camera and server: built once per process. */
export function artFor(resolution: Resolution): ResolutionArt {
  let art = artCache.get(resolution);
  if (!art) { art = buildResolutionArt(resolution); artCache.set(resolution, art); }
  return art;
}

/** What a stream group asks of a camera's picture (the usual one, or a scene's). */
export interface FrameSource {
  readonly camera: number;
  readonly width: number;
  readonly height: number;
  compose(seq: number, t: number, wrapping?: Wrapping): ComposedFrame;
}

export class CameraFrameSource implements FrameSource {
  readonly camera: number;
  readonly width: number;
  readonly height: number;
  private readonly art: ResolutionArt;
  private readonly pieces: ScanPiece[];
  private readonly slotCount: number;
  private readonly chosen: Uint8Array[];
  private readonly digitsScratch = new Uint8Array(FRAME_NUMBER_DIGITS);

  constructor(resolution: Resolution, camera: number) {
    this.camera = camera;
    this.art = artFor(resolution);
    this.width = this.art.layout.width;
    this.height = this.art.layout.height;
    this.pieces = this.plan();
    this.slotCount = this.pieces.filter((p) => !(p instanceof Uint8Array)).length;
    this.chosen = new Array<Uint8Array>(this.slotCount);
  }

  /** Builds frame `seq` stamped with capture time `t`. */
  compose(seq: number, t: number, wrapping?: Wrapping): ComposedFrame {
    const { layout, digits, ballPhases, emptyTrack } = this.art;
    let value = seq % FRAME_NUMBER_MODULUS;
    for (let i = FRAME_NUMBER_DIGITS - 1; i >= 0; i--) { this.digitsScratch[i] = value % 10; value = Math.floor(value / 10); }
    const x = ballX(layout, seq);
    const ballCol = Math.floor(x / MCU_SIZE);
    const phase = ballPhases[Math.floor((x % MCU_SIZE) / BALL_PHASE_STEP)]!;

    let scanLength = 0;
    let slot = 0;
    for (const piece of this.pieces) {
      if (piece instanceof Uint8Array) { scanLength += piece.length; continue; }
      let tile: Uint8Array;
      if (piece.kind === 'digit') {
        tile = digits[this.digitsScratch[piece.position]!]![piece.index]!;
      } else {
        const stripCol = piece.col - ballCol;
        tile = stripCol >= 0 && stripCol < layout.ballStripCols
          ? phase[piece.row * layout.ballStripCols + stripCol]!
          : emptyTrack[piece.row]!;
      }
      this.chosen[slot++] = tile;
      scanLength += tile.length + (piece.restart >= 0 ? 2 : 0);
    }

    return assembleFrame({ t, seq, cam: this.camera }, this.art.header, scanLength, (bytes, at) => {
      let offset = at;
      let slot = 0;
      for (const piece of this.pieces) {
        if (piece instanceof Uint8Array) { bytes.set(piece, offset); offset += piece.length; continue; }
        const tile = this.chosen[slot++]!;
        bytes.set(tile, offset); offset += tile.length;
        if (piece.restart >= 0) { bytes[offset++] = 0xff; bytes[offset++] = piece.restart; }
      }
      return offset;
    }, wrapping);
  }

  /** Splits the scan into fixed runs and changing slots, in MCU scan order. */
  private plan(): ScanPiece[] {
    const { layout, background } = this.art;
    const label = buildCameraLabel(this.art, this.camera);
    const total = layout.cols * layout.rows;
    const pieces: ScanPiece[] = [];
    let run: Uint8Array[] = [];
    const flushRun = () => { if (run.length) { pieces.push(concat(run)); run = []; } };
    const numberCols = FRAME_NUMBER_DIGITS * layout.digitCols;
    for (let row = 0; row < layout.rows; row++) {
      for (let col = 0; col < layout.cols; col++) {
        const index = row * layout.cols + col;
        const restart = restartAfter(index, total);
        const inNumber = row >= layout.number.row && row < layout.number.row + layout.digitRows &&
          col >= layout.number.col && col < layout.number.col + numberCols;
        const inTrack = row >= layout.track.row && row < layout.track.row + layout.track.rows;
        if (inNumber || inTrack) {
          flushRun();
          if (inNumber) {
            const localCol = col - layout.number.col;
            const position = Math.floor(localCol / layout.digitCols);
            const cellIndex = (row - layout.number.row) * layout.digitCols + (localCol % layout.digitCols);
            pieces.push({ kind: 'digit', position, index: cellIndex, restart });
          } else {
            pieces.push({ kind: 'track', col, row: row - layout.track.row, restart });
          }
          continue;
        }
        const labelCol = col - layout.label.col;
        const labelRow = row - layout.label.row;
        const tile = labelCol >= 0 && labelCol < label.cols && labelRow >= 0 && labelRow < label.rows
          ? label.tiles[labelRow * label.cols + labelCol]!
          : background[index]!;
        run.push(tile);
        if (restart >= 0) run.push(Uint8Array.of(0xff, restart));
      }
    }
    flushRun();
    return pieces;
  }
}
