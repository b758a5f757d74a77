/**
 * A chaos scenario, the one shape every chapter's "try it a thousand times" takes: random
 * schedules from a seeded generator, a judge that runs one and says whether it ended right, the
 * words people read about it, a link codec and a replay as a scene. The explorer, the
 * side-by-side page and `npm run chaos` read a scenario only through this interface, and run
 * batches of it with one runner (ChaosBatch), so the same seed gives the same figures everywhere.
 *
 * @example
 *   const batch = new ChaosBatch(scenario, { seed: 7, design: scenario.broken });
 *   batch.next(300).wrong // the same number in the browser, the CLI and the tests
 */
import { createRng, type Rng } from '../kernel/rng.ts';
import type { BuiltScene, ChapterId } from './chapter.ts';
import type { Scene } from './types.ts';

/** The largest seed of a stream of random schedules (the explorer's field and `npm run chaos --seed` take 0 to this). */
export const SEED_MAX = 2 ** 31 - 1;

/** A design a scenario runs: as links, presets and the CLI name it, and as the audience reads it. */
export interface ChaosDesign {
  /** 'naive' */
  id: string;
  /** 'Naive (a channel per kind)' */
  label: string;
}

/** How one schedule ended, as a batch counts it. */
export interface ChaosOutcome {
  /** Ended as a correct system would. */
  correct: boolean;
  /** The bar of the chart it counts in: Jim's final balance, '110'. */
  bucket: string;
  /** Each named tally and whether this run counts in it: `{ refusedAtTen: false, unacked: false }`. */
  tallies: Readonly<Record<string, boolean>>;
}

/** A named count of runs, beside the wrong count: what it is called and how people read it. */
export interface ChaosTally {
  /** 'refusedAtTen' */
  key: string;
  /** Said after the count when some runs are in it: '2 ' + 'left a message unacked.' */
  some: string;
  /** Said when none are: 'Every message was acked in the end.' Absent: nothing is said. */
  none?: string;
  /** The page's name for the count (`data-testid="chaos-<testId>"`), where tests read it. */
  testId?: string;
}

/** How the chart of a batch's buckets reads. */
export interface ChaosChart {
  /** 'Jim’s final balance: how many schedules ended at each' */
  caption: string;
  /** What the buckets are, in the plural, for "(“others”: 3 rarer balances)": 'balances'. */
  plural: string;
  /** The bucket a correct run lands in: '10'. */
  right: string;
  /** A bucket as its bar is labelled: '-30' → '−$30'. */
  label(bucket: string): string;
  /** The order of the bars, as `Array.prototype.sort` takes it. */
  order(a: string, b: string): number;
  /**
   * Runs that land in the right bucket and are wrong all the same (a tally of them): a bar of
   * their own beside the right one, keyed `<right>-<note>` ('10-refused').
   */
  split?: {
    tally: string;
    /** The bar's second word: 'refused'. */
    note: string;
    /** A line under the chart saying what that bar is. */
    legend: string;
    /** For screen readers, before the counts: 'Of the runs that ended at $10, 3 refused a withdraw on the way.' */
    said(count: number): string;
  };
}

/**
 * One chapter's chaos scenario over schedules of type S (plain data, so any schedule can be
 * put in a link and replayed exactly).
 */
export interface ChaosScenario<S> {
  /** '<chapter>/<name>', as `npm run chaos -- --scenario` takes it: 'nats/ordering'. */
  id: string;
  chapter: ChapterId;
  title: string;
  /** Every design, in the order the chapter introduces them. */
  designs: readonly ChaosDesign[];
  /** The design the chapter shows going wrong, and the one that fixes it (side by side compares these). */
  broken: string;
  fix: string;
  /** The explorer's opening sentences: what a schedule is and what a correct run ends with. */
  lede: string;
  /** What a correct run ends with, after "N ended right: ": '$10 with nothing refused'. */
  right: string;
  /** Said when a batch found no wrong run: 'every schedule ended at $10 with nothing refused'. */
  allRight: string;
  /** What one random schedule varies, a line each, for people, before a run. */
  day: readonly string[];
  tallies: readonly ChaosTally[];
  chart: ChaosChart;
  /** A random schedule of a design, from a seeded generator (the only source of chance). */
  random(rng: Rng, design: string): S;
  /** Runs a schedule to the end and judges it. */
  judge(schedule: S): ChaosOutcome;
  /** One line for people on what goes wrong in it: "A's write fails at 3.1 s; B crashes at 5.0 s for 12.0 s". */
  describe(schedule: S): string;
  designOf(schedule: S): string;
  /** The same schedule under another design (its faults and timings unchanged). */
  withDesign(schedule: S, design: string): S;
  /** A schedule as text for a link (`?s=…`, `?compare=…`). */
  encode(schedule: S): string;
  /** The schedule a link holds, or undefined for anything `encode` would not have written. */
  decode(text: string): S | undefined;
  /** The id of the replay scene in links: '#/<chapter>/<replayId>/0?s=…'. */
  replayId: string;
  /** The schedule as a scene the deck steps through. */
  replay(schedule: S): Scene;
}

/** What a batch of runs found. */
export interface ChaosBatchReport<S> {
  runs: number;
  /** Runs whose outcome was not correct. */
  wrong: number;
  /** How many runs landed in each bucket. */
  buckets: Record<string, number>;
  /** How many runs counted in each named tally (every tally the scenario declares, 0 included). */
  tallies: Record<string, number>;
  /** The first few wrong schedules, to replay. */
  examples: S[];
}

/** What the batch runner needs of a scenario. */
export type Runnable<S> = Pick<ChaosScenario<S>, 'random' | 'judge'> & Partial<Pick<ChaosScenario<S>, 'tallies'>>;

/**
 * A batch run of a scenario: one seeded stream of schedules, taken `n` at a time so a caller
 * (the explorer's time slices) can report progress and stop between batches. After n
 * schedules its report is the same however they were split.
 * @example const b = new ChaosBatch(scenario, { seed: 7, design: 'naive' }); b.next(200); b.next(100).wrong
 */
export class ChaosBatch<S> {
  readonly report: ChaosBatchReport<S>;
  /** Where in the stream each example stands (0-based), beside `report.examples`: shares are merged by it. */
  readonly positions: number[] = [];
  private readonly scenario: Runnable<S>;
  private readonly rng: Rng;
  private readonly design: string;
  /** How many wrong schedules the report keeps as examples. */
  private readonly keep: number;
  private readonly share: { of: number; index: number };
  /** Schedules drawn from the stream so far, judged or not. */
  private drawn = 0;

  /**
   * With `share: { of, index }` the batch draws every schedule of the stream but judges only
   * those at positions ≡ index (mod of): `of` batches with indexes 0..of-1, run anywhere (other
   * threads), merged with `mergeShares`, make exactly the report of one batch.
   */
  constructor(scenario: Runnable<S>, opts: { seed: number; design: string; keep?: number; share?: { of: number; index: number } }) {
    this.scenario = scenario;
    this.rng = createRng(opts.seed);
    this.design = opts.design;
    this.keep = opts.keep ?? 5;
    this.share = opts.share ?? { of: 1, index: 0 };
    this.report = { runs: 0, wrong: 0, buckets: {}, tallies: Object.fromEntries((scenario.tallies ?? []).map((t) => [t.key, 0])), examples: [] };
  }

  /** Draws `n` more schedules of the stream, judges its share of them, and returns the report so far (the same object, updated). */
  next(n: number): ChaosBatchReport<S> {
    const report = this.report;
    const { of, index } = this.share;
    for (let i = 0; i < n; i++) {
      const at = this.drawn++;
      const s = this.scenario.random(this.rng, this.design);
      if (at % of !== index) continue;
      const o = this.scenario.judge(s);
      report.runs++;
      report.buckets[o.bucket] = (report.buckets[o.bucket] ?? 0) + 1;
      for (const key in o.tallies) report.tallies[key] = (report.tallies[key] ?? 0) + (o.tallies[key] ? 1 : 0);
      if (!o.correct) {
        report.wrong++;
        if (report.examples.length < this.keep) {
          report.examples.push(s);
          this.positions.push(at);
        }
      }
    }
    return report;
  }
}

/** One share's report and where its examples stand in the stream. */
export interface ChaosShare<S> {
  report: ChaosBatchReport<S>;
  positions: readonly number[];
}

/**
 * The report of one batch, from the reports of its shares: counts added up, the examples the
 * first `keep` wrong schedules of the whole stream.
 * @example mergeShares([a, b]).wrong === runChaos(scenario, opts).wrong
 */
export function mergeShares<S>(shares: readonly ChaosShare<S>[], keep = 5): ChaosBatchReport<S> {
  const out: ChaosBatchReport<S> = { runs: 0, wrong: 0, buckets: {}, tallies: {}, examples: [] };
  const examples: { at: number; s: S }[] = [];
  for (const { report, positions } of shares) {
    out.runs += report.runs;
    out.wrong += report.wrong;
    for (const key in report.buckets) out.buckets[key] = (out.buckets[key] ?? 0) + report.buckets[key]!;
    for (const key in report.tallies) out.tallies[key] = (out.tallies[key] ?? 0) + report.tallies[key]!;
    report.examples.forEach((s, i) => examples.push({ at: positions[i]!, s }));
  }
  out.examples = examples.sort((a, b) => a.at - b.at).slice(0, keep).map((e) => e.s);
  return out;
}

/**
 * `count` random schedules of a design from one seed, in one go.
 * @example runChaos(scenario, { seed: 7, count: 300, design: 'naive' }).wrong // 134 for chapter 1
 */
export function runChaos<S>(scenario: Runnable<S>, opts: { seed: number; count: number; design: string; keep?: number }): ChaosBatchReport<S> {
  return new ChaosBatch(scenario, opts).next(opts.count);
}

/** A design's label, or its id when the scenario has no such design. */
export const designLabel = (scenario: Pick<ChaosScenario<unknown>, 'designs'>, id: string): string => scenario.designs.find((d) => d.id === id)?.label ?? id;

/**
 * The deck's link that replays a schedule on the stage, relative to the page.
 * @example replayLink(scenario, s) // '#/nats/chaos-replay/0?s=eyJkZXNpZ24iOi…'
 */
export const replayLink = <S>(scenario: ChaosScenario<S>, schedule: S): string => `#/${scenario.chapter}/${scenario.replayId}/0?s=${scenario.encode(schedule)}`;

/**
 * The link that runs a schedule's faults against the broken design and the fix side by side.
 * @example compareLink(scenario, s) // '?compare=eyJkZXNpZ24iOi…'
 */
export const compareLink = <S>(scenario: ChaosScenario<S>, schedule: S): string => `?compare=${scenario.encode(schedule)}`;

/** A bucket with its label, as the chart draws it. */
export interface Bucket {
  key: string;
  label: string;
  count: number;
  /** The bucket correct runs land in. */
  right: boolean;
  /** On the right bucket: the word on the bar of its runs that are wrong all the same ('refused'). */
  note?: string;
}

/**
 * A batch's buckets in the chart's order, labelled.
 * @example bucketList({ '110': 3, '10': 5 }, chart).map((b) => b.label) // ['$10', '$110']
 */
export function bucketList(counts: Readonly<Record<string, number>>, chart: ChaosChart): Bucket[] {
  return Object.entries(counts)
    .map(([key, count]): Bucket => {
      const right = key === chart.right;
      return { key, label: chart.label(key), count, right, ...(right && chart.split ? { note: chart.split.note } : {}) };
    })
    .sort((a, b) => chart.order(a.key, b.key));
}

/**
 * A chaos replay scene from its link's `s` (the schedule as the scenario encodes it), or a
 * sentence when the link holds none the explorer could have made: every chapter's `build`
 * answers its replay id with this.
 * @example replayFromLink(ordering, new URLSearchParams(`s=${ordering.encode(s)}`)).scene?.steps.length // 2
 */
export function replayFromLink<S>(scenario: ChaosScenario<S>, query: URLSearchParams): BuiltScene {
  const text = query.get('s');
  const schedule = text === null ? undefined : scenario.decode(text);
  if (schedule === undefined) return { notices: ['This chaos replay link does not hold a schedule the explorer could have made.'] };
  return { scene: scenario.replay(schedule), notices: [], query: `s=${scenario.encode(schedule)}` };
}
