/**
 * Live mode as the deck runs it: a scene played on a real NATS server the user started, drawn
 * from its real events as they come (src/live does the playing). This class holds the run's state
 * for the deck's runes: the events so far, the clock, the panel's URL and status line. Any
 * failure falls back to the simulation with a sentence saying why.
 */
import { runScene } from '../chapters/engine.ts';
import type { Scene } from '../chapters/types.ts';
import type { TraceEvent } from '../actors/nats/types.ts';
import { money } from '../lib/format.ts';
import { differences, summarize } from '../live/compare.ts';
import { NO_BROKER_LIVE } from '../live/words.ts';

export interface LiveRun {
  run: number;
  trace: TraceEvent[];
  t: number;
  done: boolean;
}

export class LiveSession {
  /** The run on screen, or null while the simulation is shown. */
  live = $state<LiveRun | null>(null);
  open = $state(false);
  url = $state('');
  status = $state('');
  private runs = 0;

  constructor(url: string) {
    this.url = url;
  }

  /** Back to the simulation (the deck moved). */
  stop(): void {
    this.live = null;
  }

  /**
   * Plays `scene` on the server at `url`. `onfail` gets the sentence for the deck's notice when
   * the run falls back to the simulation.
   */
  async play(scene: Scene, url: string, seed: number | undefined, onfail: (notice: string) => void): Promise<void> {
    // A scene without a broker (HTTP calls, threads) has nothing to play on a NATS server.
    if (scene.kernel) {
      this.status = NO_BROKER_LIVE;
      return;
    }
    const id = ++this.runs;
    const mod = await import('../live/browser.ts');
    const checked = mod.checkServerUrl(url);
    if (!checked.ok) {
      this.status = checked.message;
      return;
    }
    const started = performance.now();
    this.live = { run: id, trace: [], t: 0, done: false };
    this.status = `Connecting to ${checked.url}…`;
    const tick = () => {
      if (this.live?.run !== id || this.live.done) return;
      this.live.t = (performance.now() - started) / mod.LIVE_SCALE;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const outcome = await mod.playLive(scene, checked.url, (e) => {
      if (this.live?.run !== id) return;
      if (this.live.trace.length === 0) this.status = `Playing “${scene.title}” on ${checked.url}: every delivery you see is real.`;
      this.live.trace.push(e);
    });
    if (this.live?.run !== id) return;
    if (!outcome.ok) {
      this.live = null;
      this.status = outcome.message;
      onfail(`${outcome.message} Showing the simulation instead.`);
      return;
    }
    this.live.done = true;
    this.live.t = Math.max(this.live.t, ...outcome.result.trace.map((e) => e.t));
    const sim = runScene(scene, scene.steps.length - 1, seed === undefined ? {} : { seed });
    const diff = differences(summarize(sim.trace, sim.storage), summarize(outcome.result.trace, outcome.result.storage), ['deliveryCounts', 'acked', 'refused', 'balances']);
    const balances = Object.entries(outcome.result.storage)
      .map(([u, r]) => `${u} ${money(r.balance)}`)
      .join(', ');
    this.status =
      diff.length === 0
        ? `Done on the real server: ${balances}, the same deliveries, acks and refusals as the simulation.`
        : `Done on the real server: ${balances}. It differs from the simulation: ${diff.join('; ')}.`;
  }
}
