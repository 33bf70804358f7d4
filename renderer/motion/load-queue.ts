// A bounded queue of loads (the Events view's motion thumbnails): at most `inFlight` run at once,
// at most `waiting` wait (the oldest waiting is dropped, told with `false`, when more come: a
// list scrolled fast wants the rows now on screen, not the ones it passed), and a load whose row
// went away is taken out of the line. Pure: no DOM, no timers.
export const THUMBNAILS_IN_FLIGHT = 2;
export const THUMBNAILS_WAITING = 48;

type Job = { run: () => Promise<void>; dropped: () => void };

export class LoadQueue {
  private running = 0;
  private readonly line: Job[] = [];
  private readonly inFlight: number;
  private readonly waiting: number;

  constructor(inFlight = THUMBNAILS_IN_FLIGHT, waiting = THUMBNAILS_WAITING) {
    this.inFlight = inFlight;
    this.waiting = waiting;
  }

  /** Queues `run`; `dropped` is called if it leaves the line without running. Returns a function that takes it out of the line. */
  add(run: () => Promise<void>, dropped: () => void = () => {}): () => void {
    const job: Job = { run, dropped };
    this.line.push(job);
    while (this.line.length > this.waiting) this.line.shift()!.dropped();
    this.pump();
    return () => {
      const at = this.line.indexOf(job);
      if (at >= 0) this.line.splice(at, 1);
    };
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.line.length };
  }

  private pump(): void {
    while (this.running < this.inFlight && this.line.length > 0) {
      const job = this.line.shift()!;
      this.running += 1;
      void job
        .run()
        .catch(() => {})
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
  }
}
