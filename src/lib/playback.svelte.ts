/**
 * The one playback clock: turns wall time (requestAnimationFrame) into a step's animation progress
 * 0..1. Speed and pause live here and nowhere else. Reduced motion skips straight to the end.
 */

/** Speeds offered by + and −. */
export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;

export class Playback {
  /** 0 at the start of the step's animation, 1 at its end. */
  progress = $state(1);
  /** Multiplies real time; 1 is normal. */
  speed = $state(1);
  /** Whether the clock is running. */
  playing = $state(false);

  #durationMs = 0;
  #frame = 0;
  #lastTs: number | undefined;

  /** Starts the animation from 0 over `durationMs` (at 1×), or jumps to the end when `instant`. */
  play(durationMs: number, instant = false): void {
    this.#stop();
    this.#durationMs = durationMs;
    if (instant || durationMs <= 0) {
      this.progress = 1;
      return;
    }
    this.progress = 0;
    this.#start();
  }

  /** Holds the animation at progress p (0..1), paused: the scrub bar and "predict, then reveal". */
  seek(p: number, durationMs = this.#durationMs): void {
    this.#stop();
    this.#durationMs = durationMs;
    this.progress = Math.max(0, Math.min(1, p));
  }

  /** Shows the end state at once. */
  finish(): void {
    this.#stop();
    this.progress = 1;
  }

  /** K: pause, resume, or replay when already at the end. */
  toggle(instant = false): void {
    if (this.playing) this.#stop();
    else if (this.progress >= 1) this.play(this.#durationMs, instant);
    else this.#start();
  }

  /** Moves to the next speed up (+1) or down (−1). */
  stepSpeed(dir: 1 | -1): void {
    const i = SPEEDS.findIndex((s) => s >= this.speed);
    const next = Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + dir));
    this.speed = SPEEDS[next]!;
  }

  /** Stops the clock for good (component teardown). */
  destroy(): void {
    this.#stop();
  }

  #start(): void {
    this.playing = true;
    this.#lastTs = undefined;
    this.#frame = requestAnimationFrame(this.#tick);
  }

  #stop(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.playing = false;
  }

  #tick = (ts: number): void => {
    const dt = this.#lastTs === undefined ? 0 : Math.min(ts - this.#lastTs, 100);
    this.#lastTs = ts;
    const next = this.progress + (dt * this.speed) / this.#durationMs;
    if (next >= 1) {
      this.progress = 1;
      this.#stop();
      return;
    }
    this.progress = next;
    this.#frame = requestAnimationFrame(this.#tick);
  };
}
