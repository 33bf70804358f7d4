// The motion detector: a pure class (a small gray picture and its capture time in, MotionReports
// out; no I/O, no timers), after Frigate's improved motion detector: contrast stretch, blur,
// difference from a running-average background, threshold, dilation, connected regions of a
// minimum area. Motion's light switch: when most of the picture changes at once (lights, an
// infrared switch at dusk) the background is reset and no event starts. ZoneMinder's zones decide
// which pixels count. Events need "make time" (consecutive moving frames) and end after a quiet
// period. Per second it adds up an activity score and a 16x16 grid of where it moved.
// docs/motion.md gives the defaults and why.
import {
  ACTIVITY_GRID_BYTES, ACTIVITY_GRID_SIDE, motionTuningOf,
  type MotionBox, type MotionConfig, type MotionReport, type MotionTuning,
} from '../../shared/motion.ts';
import type { GrayPicture } from './gray-picture.ts';
import { ContrastStretch, backgroundWeight, blurColumnsAndDiff, dilateChanged, stretchAndBlurRows, takeRegions, type Region } from './picture-ops.ts';
import { rasteriseZones, type ZoneRaster } from './zones.ts';

/**
 * Analysed frames after the start, a light switch or a size change that only teach the background
 * (their mean, so one frame's noise is not learnt as the scene; Frigate's calibration does the same
 * with a faster running average).
 */
export const SETTLE_FRAMES = 5;
/** Motion that lasts this many analysed frames is let into the background (Frigate: 10), so a parked car stops being motion. */
export const PERSISTENT_MOTION_FRAMES = 10;
/**
 * Analysed frames a changed pixel may keep its value before it is taken as the background's
 * mistake and learnt at once (a ghost left where something was when the background was learnt,
 * or something that stopped moving): 1 s at the default 5 analysed frames a second.
 */
export const STILL_FRAMES = 5;
/**
 * A frame where more than this fraction of the picture changed at once, after a quieter one, asks
 * whether the picture went from colour to gray or back (an infrared switch): such a switch changes
 * the luma in part of the picture only (foliage turns bright, sky dark), below the light switch rule.
 */
export const COLOUR_CHECK_FRACTION = 0.1;

/** What the detector may ask about a frame beyond its gray picture (the sink answers from the JPEG). */
export type DetectorOptions = {
  /** Whether the frame has colour (null: cannot tell). Asked at the end of settling and on sudden large changes. */
  colourOf?(jpeg: Uint8Array): boolean | null;
};

/** An event that goes on this long is ended and the next motion starts another (the registry and the UI want bounded events). */
export const MAX_EVENT_MS = 15 * 60_000;
/** Smallest and largest analysed picture the detector takes (gray-picture.ts makes 100 px high). */
export const MIN_PICTURE_SIDE = 8;
export const MAX_PICTURE_PIXELS = 1_000_000;

/**
 * Per-frame scratch, shared by every detector of this thread: `analyse` uses it only within one
 * synchronous call, so a stream worker's cameras need one set, not one each. Sized for
 * SCRATCH_PIXELS (a 100 px high picture up to 2.4:1) and grown if a picture needs more; a
 * detector keeps views of the set it was made with.
 */
const SCRATCH_PIXELS = 100 * 240;
type Scratch = { pixels: number; rowPass: Uint16Array; changed: Int32Array; dilated: Uint8Array; order: Int32Array };
let sharedScratch: Scratch | null = null;
function scratchFor(pixels: number): Scratch {
  if (!sharedScratch || sharedScratch.pixels < pixels) {
    const size = Math.max(pixels, SCRATCH_PIXELS);
    sharedScratch = {
      pixels: size, rowPass: new Uint16Array(size), changed: new Int32Array(size),
      dilated: new Uint8Array(size), order: new Int32Array(size),
    };
  }
  return sharedScratch;
}

/** What the detector saw in one analysed frame. */
export type FrameAnalysis = {
  capturedAtMs: number;
  /** Changed fraction of the picture inside the zones that count, from regions of at least the minimum size (0 when none). */
  score: number;
  /** Changed fraction of the whole picture before zones and sizes (what the light switch rule looks at). */
  changedFraction: number;
  /** Bounding box of the counted regions; null when there are none. */
  box: MotionBox | null;
  /** The frame only taught the background (start, after a light switch or a size change). */
  settling: boolean;
  /** This frame was taken as a light switch: the background was reset. */
  recalibrated: boolean;
};

type Box = { minX: number; minY: number; maxX: number; maxY: number };
type Run = { startMs: number; frames: number; box: Box; zoneBits: number; peakScore: number; peakJpeg: Uint8Array | null };
type OpenEvent = Run & { lastMovingMs: number };

const emptyBox = (): Box => ({ minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity });
function growBox(box: Box, other: Box): void {
  box.minX = Math.min(box.minX, other.minX); box.minY = Math.min(box.minY, other.minY);
  box.maxX = Math.max(box.maxX, other.maxX); box.maxY = Math.max(box.maxY, other.maxY);
}

export class MotionDetector {
  readonly cameraId: string;
  readonly tuning: MotionTuning;
  readonly quietMs: number;
  /** The last analysed frame's findings (analyseFrames and the tests read them). */
  lastFrame: FrameAnalysis | null = null;
  readonly #config: MotionConfig;
  readonly #contrast = new ContrastStretch();
  #size: { width: number; height: number } | null = null;
  #zones!: ZoneRaster;
  #rowPass!: Uint16Array;
  #changed!: Int32Array;
  #previous!: Uint8Array;
  #stillFrames!: Uint8Array;
  #dilated!: Uint8Array;
  #order!: Int32Array;
  #background!: Uint16Array;
  #cellCol!: Uint8Array;
  #cellRow!: Uint8Array;
  #settleLeft = SETTLE_FRAMES;
  /** The background step this frame asked for, applied in the next frame's pass (backgroundWeight units). */
  #pendingWeight = 0;
  #movingFrames = 0;
  #run: Run | null = null;
  #event: OpenEvent | null = null;
  #second: { secondMs: number; score: number; grid: Uint8Array } | null = null;
  readonly #colourOf: DetectorOptions['colourOf'];
  /** Whether the picture had colour when last asked; null before the first answer. */
  #colour: boolean | null = null;
  /** The last frame's changed fraction: a colour check is asked at the onset of a large change. */
  #lastChangedFraction = 0;
  /** This frame follows one with little change (a colour check may be asked). */
  #onset = false;

  constructor(cameraId: string, config: MotionConfig, options: DetectorOptions = {}) {
    this.cameraId = cameraId;
    this.#config = config;
    this.#colourOf = options.colourOf;
    this.tuning = motionTuningOf(config);
    this.quietMs = config.quietMs;
  }

  /**
   * Analyses one picture captured at `capturedAtMs` (capture times must not go back; a frame
   * older than the last is ignored). `jpeg`, when given, is copied if this frame becomes the
   * event's peak (its thumbnail); only one copy is kept per event.
   */
  analyse(picture: GrayPicture, capturedAtMs: number, jpeg?: Uint8Array): MotionReport[] {
    const reports: MotionReport[] = [];
    if (this.lastFrame && capturedAtMs < this.lastFrame.capturedAtMs) return reports;
    this.#prepare(picture);
    const { width, height, data } = picture;
    const pixels = width * height;
    stretchAndBlurRows(data, this.#contrast.update(data), width, height, this.#rowPass);
    const changedBeforeDilation = blurColumnsAndDiff(
      this.#rowPass, width, height, this.#background, this.#pendingWeight, this.tuning.pixelThreshold,
      this.#previous, this.#stillFrames, STILL_FRAMES, this.#changed,
    );
    // What this frame teaches the background is applied in the next frame's pass (this frame's
    // blurred picture is kept in #previous); nothing unless set below.
    this.#pendingWeight = 0;

    const frame: FrameAnalysis = { capturedAtMs, score: 0, changedFraction: 0, box: null, settling: false, recalibrated: false };
    const lastChangedFraction = this.#lastChangedFraction;
    this.#lastChangedFraction = changedBeforeDilation / pixels;
    this.#onset = lastChangedFraction <= COLOUR_CHECK_FRACTION;
    this.lastFrame = frame;
    this.#flushSecond(capturedAtMs, reports);
    // A second switch while settling (lights, then the infrared filter) would be learnt as half the
    // background: start over instead. The first settling frame has nothing learnt to compare with.
    if (this.#settleLeft > 0 && this.#settleLeft < SETTLE_FRAMES) {
      const fraction = changedBeforeDilation / pixels;
      if (fraction > this.tuning.lightSwitchFraction || this.#colourSwitched(fraction, jpeg)) return this.#recalibrate(frame, fraction, reports);
    }
    if (this.#settleLeft > 0) {
      frame.settling = true;
      // The k-th settling frame weighs 1/k: the background is the mean of the settling frames.
      this.#pendingWeight = backgroundWeight(1 / (SETTLE_FRAMES - this.#settleLeft + 1));
      // The last settling frame says whether the picture has colour, for the infrared rule.
      if (--this.#settleLeft === 0 && jpeg && this.#colourOf) this.#colour = this.#colourOf(jpeg) ?? this.#colour;
      this.#quiet(capturedAtMs, reports);
      return reports;
    }

    // A still picture (most frames) skips dilation and the region search.
    const counted = this.#dilated;
    const changed = changedBeforeDilation === 0 ? 0 : dilateChanged(this.#changed, changedBeforeDilation, width, height, this.#zones.counted, counted);
    frame.changedFraction = changed / pixels;
    if (frame.changedFraction > this.tuning.lightSwitchFraction || this.#colourSwitched(frame.changedFraction, jpeg)) {
      return this.#recalibrate(frame, frame.changedFraction, reports);
    }

    const minArea = Math.max(1, Math.ceil(this.tuning.minObjectFraction * pixels));
    const regions = changed === 0 ? [] : takeRegions(counted, width, height, minArea, this.#order);
    if (regions.length === 0) {
      this.#pendingWeight = backgroundWeight(this.tuning.backgroundAlpha);
      this.#movingFrames = 0;
      this.#quiet(capturedAtMs, reports);
      return reports;
    }

    const box = emptyBox();
    let area = 0;
    let zoneBits = 0;
    const grid = this.#secondAt(capturedAtMs).grid;
    for (const region of regions) {
      area += region.area;
      growBox(box, region);
      zoneBits |= this.#markRegion(region, grid);
    }
    frame.score = area / pixels;
    frame.box = toFraction(box, width, height);
    const second = this.#second!;
    second.score = Math.max(second.score, frame.score);
    // Frigate lets motion into the background only once it has lasted a while.
    if (++this.#movingFrames >= PERSISTENT_MOTION_FRAMES) this.#pendingWeight = backgroundWeight(this.tuning.backgroundAlpha);
    this.#moving(capturedAtMs, frame.score, box, zoneBits, jpeg, reports);
    return reports;
  }

  /**
   * At the onset of a large change, whether the picture went from colour to gray or back (an
   * infrared switch that changed only part of the luma). Asks the colour check, at most once a frame.
   */
  #colourSwitched(changedFraction: number, jpeg: Uint8Array | undefined): boolean {
    if (!jpeg || !this.#colourOf || !this.#onset || changedFraction <= COLOUR_CHECK_FRACTION) return false;
    this.#onset = false;
    const colour = this.#colourOf(jpeg);
    if (colour === null) return false;
    const switched = this.#colour !== null && colour !== this.#colour;
    this.#colour = colour;
    return switched;
  }

  /** Lights, an infrared switch: not motion. Start over from the next pictures, with their contrast. */
  #recalibrate(frame: FrameAnalysis, changedFraction: number, reports: MotionReport[]): MotionReport[] {
    frame.recalibrated = true;
    frame.changedFraction = changedFraction;
    // This frame was stretched with the old contrast: the background is learnt afresh from the next ones.
    this.#contrast.reset();
    this.#settleLeft = SETTLE_FRAMES;
    reports.push({ cameraId: this.cameraId, code: 'recalibrated', atMs: frame.capturedAtMs, changedFraction });
    this.#quiet(frame.capturedAtMs, reports);
    return reports;
  }

  /** Ends what is open (the event, the current second): the session is closing. */
  finish(): MotionReport[] {
    const reports: MotionReport[] = [];
    this.#flushSecond(Infinity, reports);
    if (this.#event) reports.push(this.#endEvent(this.#event));
    this.#event = null;
    this.#run = null;
    return reports;
  }

  /** An event is open (started, not yet quiet). */
  get inEvent(): boolean { return this.#event !== null; }

  #moving(atMs: number, score: number, box: Box, zoneBits: number, jpeg: Uint8Array | undefined, reports: MotionReport[]): void {
    // Frames stopped for longer than the quiet period (a stalled stream): the event ended back then.
    if (this.#event && atMs - this.#event.lastMovingMs >= this.quietMs) { reports.push(this.#endEvent(this.#event)); this.#event = null; }
    const event = this.#event;
    if (event) {
      event.lastMovingMs = atMs;
      growBox(event.box, box);
      event.zoneBits |= zoneBits;
      if (score > event.peakScore) { event.peakScore = score; event.peakJpeg = jpeg ? new Uint8Array(jpeg) : null; }
      if (atMs - event.startMs >= MAX_EVENT_MS) { reports.push(this.#endEvent(event)); this.#event = null; }
      return;
    }
    const run = this.#run ??= { startMs: atMs, frames: 0, box: emptyBox(), zoneBits: 0, peakScore: 0, peakJpeg: null };
    run.frames++;
    growBox(run.box, box);
    run.zoneBits |= zoneBits;
    if (score > run.peakScore) { run.peakScore = score; run.peakJpeg = jpeg ? new Uint8Array(jpeg) : null; }
    if (run.frames < this.tuning.makeFrames) return;
    this.#run = null;
    this.#event = { ...run, lastMovingMs: atMs };
    const { width, height } = this.#size!;
    reports.push({
      cameraId: this.cameraId, code: 'motion-start', atMs: run.startMs, score: run.peakScore,
      box: toFraction(run.box, width, height), zones: this.#zoneNames(run.zoneBits),
    });
  }

  /** A frame without counted motion: the make-time run breaks, and an event may have been quiet long enough. */
  #quiet(atMs: number, reports: MotionReport[]): void {
    this.#run = null;
    const event = this.#event;
    if (event && atMs - event.lastMovingMs >= this.quietMs) { reports.push(this.#endEvent(event)); this.#event = null; }
  }

  #endEvent(event: OpenEvent): MotionReport {
    const { width, height } = this.#size!;
    return {
      cameraId: this.cameraId, code: 'motion-end', startMs: event.startMs, endMs: event.lastMovingMs, peakScore: event.peakScore,
      box: toFraction(event.box, width, height), zones: this.#zoneNames(event.zoneBits), thumbnail: event.peakJpeg,
    };
  }

  /** Sets the region's grid cells; returns the include zones it touches. */
  #markRegion(region: Region, grid: Uint8Array): number {
    const order = this.#order;
    const width = this.#size!.width;
    const bits = this.#zones.includeBits;
    let zoneBits = 0;
    for (let q = region.start; q < region.start + region.area; q++) {
      const p = order[q]!;
      const x = p % width;
      const cell = this.#cellRow[(p - x) / width]! * ACTIVITY_GRID_SIDE + this.#cellCol[x]!;
      grid[cell >> 3]! |= 1 << (cell & 7);
      zoneBits |= bits[p]!;
    }
    return zoneBits;
  }

  #zoneNames(bits: number): string[] {
    return this.#zones.includeNames.filter((_, i) => bits & (1 << i));
  }

  #secondAt(atMs: number) {
    const secondMs = Math.floor(atMs / 1000) * 1000;
    if (!this.#second || this.#second.secondMs !== secondMs) this.#second = { secondMs, score: 0, grid: new Uint8Array(ACTIVITY_GRID_BYTES) };
    return this.#second;
  }

  /** Sends the open second's activity once a frame of a later second arrives (only seconds with counted motion). */
  #flushSecond(atMs: number, reports: MotionReport[]): void {
    const second = this.#second;
    if (!second || atMs < second.secondMs + 1000) return;
    this.#second = null;
    if (second.score > 0) reports.push({ cameraId: this.cameraId, code: 'activity', secondMs: second.secondMs, score: second.score, grid: second.grid });
  }

  /** (Re)allocates everything for this picture size; a new size starts over (settling). */
  #prepare(picture: GrayPicture): void {
    const { width, height, data } = picture;
    if (this.#size && this.#size.width === width && this.#size.height === height) return;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width >= MIN_PICTURE_SIDE && height >= MIN_PICTURE_SIDE && width * height <= MAX_PICTURE_PIXELS)) {
      throw new Error(`camera ${this.cameraId}: the analysed picture is ${width}x${height}; the detector takes ${MIN_PICTURE_SIDE} px a side up to ${MAX_PICTURE_PIXELS} pixels`);
    }
    if (data.length < width * height) throw new Error(`camera ${this.cameraId}: the picture has ${data.length} bytes for ${width}x${height} pixels`);
    const pixels = width * height;
    this.#size = { width, height };
    this.#zones = rasteriseZones(this.#config.zones, width, height);
    const scratch = scratchFor(pixels);
    this.#rowPass = scratch.rowPass.subarray(0, pixels);
    this.#changed = scratch.changed.subarray(0, pixels);
    this.#previous = new Uint8Array(pixels);
    this.#stillFrames = new Uint8Array(pixels);
    this.#dilated = scratch.dilated.subarray(0, pixels);
    this.#order = scratch.order.subarray(0, pixels);
    this.#background = new Uint16Array(pixels);
    this.#cellCol = Uint8Array.from({ length: width }, (_, x) => Math.floor((x * ACTIVITY_GRID_SIDE) / width));
    this.#cellRow = Uint8Array.from({ length: height }, (_, y) => Math.floor((y * ACTIVITY_GRID_SIDE) / height));
    this.#contrast.reset();
    this.#settleLeft = SETTLE_FRAMES;
    this.#pendingWeight = 0;
    this.#movingFrames = 0;
    this.#run = null;
  }
}

function toFraction(box: Box, width: number, height: number): MotionBox {
  return { x: box.minX / width, y: box.minY / height, w: (box.maxX + 1 - box.minX) / width, h: (box.maxY + 1 - box.minY) / height };
}
