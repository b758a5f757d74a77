/**
 * Tokens in flight, drawn on a <canvas> laid exactly over the stage's SVG. Hundreds of moving
 * SVG groups make the browser restyle and repaint the whole picture every frame; a canvas redraw
 * of the same pills is several times cheaper (measured: about a third of the frame time with
 * 500 tokens in headless Chromium), which is what the frame budget needs. Shapes come from the
 * same pillPath() as the SVG pills; colours from the current theme (lib/theme.ts).
 */
import { along, laneOffset, textWidth, tokenPath, type Point, type StageLayout } from './layout.ts';
import { currentPalette } from '../lib/theme.ts';
import type { Palette } from '../lib/palette.ts';
import { pillLabel, pillPath, pillWidth } from './pill.ts';
import type { Token } from './view.ts';
import { vocabularyFor, type Vocabulary } from './vocabulary.ts';

/** The font stack of the stage's SVG text (stage.css), for canvas text. */
const FONT_STACK = "system-ui, 'DejaVu Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** A lost ack or a failed write stops halfway and fades there. */
const stopsHalfway = (token: Pick<Token, 'kind'>): boolean => token.kind === 'ack-lost' || token.kind === 'write-failed';

/** Where a token is at its progress along its route, in `lane` (its own lane unless given), or undefined if the layout has no edge for it. */
export function tokenPosition(layout: StageLayout, token: Token, lane = token.lane ?? 0): Point | undefined {
  const path = tokenPath(layout, token);
  if (!path) return undefined;
  const at = along(path, stopsHalfway(token) ? Math.min(token.progress, 0.5) : token.progress);
  const off = laneOffset(layout, lane);
  return { x: at.x + off.x, y: at.y + off.y };
}

type Box = { x: number; y: number; w: number; h: number };

/** The box a token covers when its centre is at `at`, in layout units. */
function boxAt(layout: StageLayout, token: Token, at: Point): Box | undefined {
  const h = layout.tokenHeightPx;
  if (token.kind === 'ack' || token.kind === 'ack-lost') {
    const label = vocabularyFor().answer({ kind: token.kind, msg: token.msg, seq: token.seq, refused: token.refused });
    const w = pillWidth(layout, label) - h * 0.4;
    return { x: at.x - w / 2, y: at.y - h * 0.43, w, h: h * 0.86 };
  }
  if (!token.payload) return undefined;
  const w = pillWidth(layout, pillLabel(layout, token.payload));
  const tagged = token.attempt > 1 ? 4 + layout.fontPx.small * 1.3 : 0;
  const tw = token.attempt > 1 ? textWidth(layout, `attempt ${token.attempt}`, layout.fontPx.small) + layout.tokenPadPx : 0;
  const half = Math.max(w, tw) / 2;
  return { x: at.x - half, y: at.y - h / 2, w: half * 2, h: h + tagged };
}

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Lanes tried, in order, after a token's own lane is found taken. */
const DETOURS = [1, 2, 3, -1, 4, -2, 5, -3];

/** Above this many tokens at once, none makes way for another (no chapter-1 step has more than a dozen in flight). */
const CROWD = 64;

/**
 * Where each token is drawn and the box it covers: at its own lane, unless a token that set off
 * earlier already covers that spot; then in the nearest free lane. Earlier tokens are placed
 * first and never move for later ones, so a token only changes lane when it would otherwise sit
 * on top of another.
 * @example placeTokens(layout, view.tokens).get('e12')?.box
 */
export function placeTokens(layout: StageLayout, tokens: readonly Token[]): Map<string, { at: Point; box: Box }> {
  const order = [...tokens].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)) || a.id.localeCompare(b.id));
  const placed = new Map<string, { at: Point; box: Box }>();
  // The boxes placed so far, in a grid of cells a few tokens wide, so a frame with hundreds of
  // tokens checks each against its neighbours only, not against every other.
  const cell = layout.tokenHeightPx * 4;
  const grid = new Map<string, Box[]>();
  const cellsOf = (b: Box): string[] => {
    const keys: string[] = [];
    for (let cx = Math.floor(b.x / cell); cx <= Math.floor((b.x + b.w) / cell); cx++) for (let cy = Math.floor(b.y / cell); cy <= Math.floor((b.y + b.h) / cell); cy++) keys.push(`${cx},${cy}`);
    return keys;
  };
  const free = (b: Box): boolean => cellsOf(b).every((k) => !(grid.get(k) ?? []).some((o) => overlaps(o, b)));
  // A crowd (the stress page's hundreds) flies in its own lanes: making way is for the few tokens of a scene's step, where it is cheap.
  const crowd = tokens.length > CROWD;
  for (const token of order) {
    const own = token.lane ?? 0;
    let first: { at: Point; box: Box } | undefined;
    for (const lane of crowd ? [own] : [own, ...DETOURS.map((d) => own + d)]) {
      const at = tokenPosition(layout, token, lane);
      const box = at && boxAt(layout, token, at);
      if (!at || !box) break;
      first ??= { at, box };
      if (free(box)) {
        first = { at, box };
        break;
      }
    }
    if (first) {
      placed.set(token.id, first);
      for (const k of cellsOf(first.box)) {
        const list = grid.get(k);
        if (list) list.push(first.box);
        else grid.set(k, [first.box]);
      }
    }
  }
  return placed;
}

/**
 * The box a token covers on its own, in layout units (see placeTokens for tokens together).
 * @example tokenBox(layout, token) // { x: 820, y: 185, w: 190, h: 48 }
 */
export function tokenBox(layout: StageLayout, token: Token): Box | undefined {
  const at = tokenPosition(layout, token);
  return at ? boxAt(layout, token, at) : undefined;
}

/** How a token looks, independent of where it is. */
interface Glyph {
  /** What makes two glyphs look the same (tokens that share it share one sprite). */
  key: string;
  /** Extent around the token's centre, in layout units. */
  halfWidth: number;
  top: number;
  bottom: number;
  /** The pill's outline (pill.ts), drawn only when a sprite of this look is painted. */
  shape: { kind: Parameters<typeof pillPath>[0]; width: number; height: number };
  fill: string;
  stroke: string;
  dashed: boolean;
  label: string;
  labelColour: string;
  /** Whether the label is written on the canvas at each stamp rather than painted into the sprite (answers in a crowd: see buildGlyph). */
  labelApart: boolean;
  /** "attempt 2" tag under the pill: its box's width and height, its label, and the label's middle. */
  tag?: { width: number; height: number; top: number; label: string; y: number };
  /** The last frame that drew this token. */
  frame: number;
}

/**
 * How `token` looks. In a crowd, an answer's sprite is its body alone, shared by every answer
 * whose label is as long ("ack #9412" and "ack #9413"), and its label is written over it at each
 * stamp: a stream of answers, each with a new number, would otherwise paint a new sprite per
 * message, and writing ~170 short labels a frame costs about half of painting the dozens of new
 * sprites a frame it replaces (measured on the stress page, headless Chromium). Outside a crowd
 * every look is one sprite, as it always was.
 */
function buildGlyph(token: Token, layout: StageLayout, words: Vocabulary, palette: Palette, crowd: boolean): Glyph | undefined {
  const h = layout.tokenHeightPx;
  if (token.kind === 'ack' || token.kind === 'ack-lost') {
    const label = words.answer({ kind: token.kind, msg: token.msg, seq: token.seq, refused: token.refused });
    const w = pillWidth(layout, label) - h * 0.4;
    return {
      key: crowd ? `${token.kind}|body|${label.length}` : `${token.kind}|${label}`,
      halfWidth: w / 2,
      top: -h * 0.43,
      bottom: h * 0.43,
      shape: { kind: 'ack', width: w, height: h * 0.85 },
      fill: palette.surface,
      stroke: palette.ack,
      dashed: token.kind === 'ack-lost',
      label,
      labelColour: palette.text,
      labelApart: crowd,
      frame: 0,
    };
  }
  if (!token.payload) return undefined;
  const label = pillLabel(layout, token.payload);
  const width = pillWidth(layout, label);
  const glyph: Glyph = {
    key: `${token.payload.kind}|${label}|${token.attempt}|${token.kind === 'write-failed' ? 'failed' : ''}`,
    halfWidth: width / 2,
    top: -h / 2,
    bottom: h / 2,
    shape: { kind: token.payload.kind, width, height: h },
    fill: palette[token.payload.kind],
    stroke: palette.text,
    dashed: token.kind === 'write-failed',
    label,
    labelColour: palette.tokenText,
    labelApart: false,
    frame: 0,
  };
  if (token.attempt > 1) {
    const tag = `attempt ${token.attempt}`;
    const tw = textWidth(layout, tag, layout.fontPx.small) + layout.tokenPadPx;
    const th = layout.fontPx.small * 1.3;
    const y = h / 2 + 4;
    glyph.tag = { width: tw, height: th, top: y, label: tag, y: y + th / 2 };
    glyph.halfWidth = Math.max(glyph.halfWidth, tw / 2);
    glyph.bottom = y + th;
  }
  return glyph;
}

/** The opacity a token is drawn at: a lost ack or a failed write fades in the second half of its trip. */
const opacity = (token: Token): number => (stopsHalfway(token) && token.progress > 0.5 ? Math.max(0, 1 - (token.progress - 0.5) * 2) : 1);

/** Sprites kept beyond those a frame uses, so looks that come and go are not painted again each time; also the most spare canvases kept per size. */
const SPRITES_KEPT = 64;

/** A glyph drawn once into its own small canvas, at one scale, stamped with drawImage. */
interface Sprite {
  image: HTMLCanvasElement;
  /** Where the token's centre sits inside the sprite, in device pixels. */
  cx: number;
  cy: number;
  /** The last frame that stamped it. */
  frame: number;
}

/** Sets the canvas text style of token labels. */
function labelFont(ctx: CanvasRenderingContext2D, fontPx: number): void {
  ctx.font = `${fontPx}px ${FONT_STACK}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
}

/** Draw a glyph centred on the origin of `ctx`'s current transform (its label too, unless written apart). */
function paint(ctx: CanvasRenderingContext2D, glyph: Glyph, layout: StageLayout, palette: Palette): void {
  labelFont(ctx, layout.fontPx.small);
  ctx.lineWidth = layout.strokePx;
  const shape = new Path2D(pillPath(glyph.shape.kind, glyph.shape.width, glyph.shape.height));
  ctx.fillStyle = glyph.fill;
  ctx.fill(shape);
  ctx.strokeStyle = glyph.stroke;
  ctx.setLineDash(glyph.dashed ? [6, 5] : []);
  ctx.stroke(shape);
  ctx.fillStyle = glyph.labelColour;
  if (!glyph.labelApart) ctx.fillText(glyph.label, 0, 1);
  if (glyph.tag) {
    const { width, height, top } = glyph.tag;
    const box = new Path2D();
    box.roundRect(-width / 2, top, width, height, height / 4);
    ctx.fillStyle = palette.surface;
    ctx.fill(box);
    ctx.strokeStyle = palette.wait;
    ctx.setLineDash([]);
    ctx.stroke(box);
    ctx.fillStyle = palette.text;
    ctx.fillText(glyph.tag.label, 0, glyph.tag.y + 1);
  }
}

/**
 * Draws tokens on a canvas that covers the stage. Each distinct look (shape, label, attempt) is
 * painted once into a sprite at the current scale; a frame only clears and stamps sprites, so
 * 500 tokens cost 500 image copies, not 500 rounds of path filling and text shaping.
 * @example const layer = new TokenCanvas(canvas); layer.draw(view.tokens, layout, { width: 1880, height: 688 })
 */
export class TokenCanvas {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D | null;
  #glyphs = new Map<string, Glyph | undefined>();
  #sprites = new Map<string, Sprite>();
  /** Canvases of sprites forgotten, by size in device pixels ("88x40"), for the next new look of that size. */
  #spare = new Map<string, HTMLCanvasElement[]>();
  #spriteScale = 0;
  /** Frames drawn, to mark which glyphs and sprites the current frame uses. */
  #frame = 0;
  #layoutKind: string | undefined;
  /** The font size the canvas's context holds for labels written apart, or 0 if none yet. */
  #labelFont = 0;
  /** Whether the glyphs kept were made for a crowd. */
  #crowd = false;
  #words: Vocabulary | undefined;
  #palette: Palette | undefined;

  constructor(canvas: HTMLCanvasElement) {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
  }

  #sprite(glyph: Glyph, layout: StageLayout, scale: number, palette: Palette): Sprite | undefined {
    const hit = this.#sprites.get(glyph.key);
    if (hit) return hit;
    const margin = layout.strokePx * 2;
    const w = Math.max(1, Math.ceil((glyph.halfWidth * 2 + margin * 2) * scale));
    const h = Math.max(1, Math.ceil((glyph.bottom - glyph.top + margin * 2) * scale));
    // A canvas of the same size that a look no longer worn left behind, else a new one: making a canvas and its context costs more than painting it.
    const reused = this.#spare.get(`${w}x${h}`)?.pop();
    const image = reused ?? document.createElement('canvas');
    if (!reused) {
      image.width = w;
      image.height = h;
    }
    const ctx = image.getContext('2d');
    if (!ctx) return undefined;
    if (reused) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
    }
    const cx = (glyph.halfWidth + margin) * scale;
    const cy = (margin - glyph.top) * scale;
    ctx.setTransform(scale, 0, 0, scale, cx, cy);
    paint(ctx, glyph, layout, palette);
    const sprite = { image, cx, cy, frame: 0 };
    this.#sprites.set(glyph.key, sprite);
    return sprite;
  }

  /**
   * Clears and draws `tokens`. `size` is the stage's size on screen in CSS pixels; the canvas is
   * sized to it times the device pixel ratio so pills stay sharp. `colours` is the theme to draw
   * in; a new one repaints every sprite.
   */
  draw(
    tokens: readonly Token[],
    layout: StageLayout,
    size: { width: number; height: number },
    dpr = 1,
    words: Vocabulary = vocabularyFor(),
    colours: Palette = currentPalette(),
  ): void {
    const ctx = this.#ctx;
    if (!ctx || size.width <= 0 || size.height <= 0) return;
    const pxW = Math.round(size.width * dpr);
    const pxH = Math.round(size.height * dpr);
    if (this.#canvas.width !== pxW || this.#canvas.height !== pxH) {
      this.#canvas.width = pxW;
      this.#canvas.height = pxH;
      // A canvas resized starts with its context's default state.
      this.#labelFont = 0;
    }
    const scale = (size.width / layout.widthPx) * dpr;
    if (this.#layoutKind !== layout.kind || this.#spriteScale !== scale || this.#words !== words || this.#palette !== colours) {
      this.#glyphs.clear();
      this.#sprites.clear();
      this.#spare.clear();
      this.#layoutKind = layout.kind;
      this.#spriteScale = scale;
      this.#words = words;
      this.#palette = colours;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pxW, pxH);
    this.#canvas.dataset.tokens = String(tokens.length);
    if (tokens.length === 0) {
      if (this.#glyphs.size > 0) this.#glyphs.clear();
      return;
    }
    const frame = ++this.#frame;
    // A crowd (the stress page's hundreds) flies in its own lanes (see placeTokens): its positions need no boxes.
    const crowd = tokens.length > CROWD;
    if (crowd !== this.#crowd) {
      this.#glyphs.clear();
      this.#crowd = crowd;
    }
    const places = crowd ? undefined : placeTokens(layout, tokens);
    /** The fill colour ctx holds for labels, once one was written. */
    let ink = '';
    let looks = 0;
    let alpha = 1;
    ctx.globalAlpha = 1;
    for (const token of tokens) {
      let glyph = this.#glyphs.get(token.id);
      if (glyph === undefined && !this.#glyphs.has(token.id)) {
        glyph = buildGlyph(token, layout, words, colours, crowd);
        this.#glyphs.set(token.id, glyph);
      }
      if (!glyph) continue;
      glyph.frame = frame;
      const at = places ? places.get(token.id)?.at : tokenPosition(layout, token);
      if (!at) continue;
      const sprite = this.#sprite(glyph, layout, scale, colours);
      if (!sprite) continue;
      if (sprite.frame !== frame) {
        sprite.frame = frame;
        looks++;
      }
      const a = opacity(token);
      if (a !== alpha) ctx.globalAlpha = alpha = a;
      const x = Math.round(at.x * scale - sprite.cx);
      const y = Math.round(at.y * scale - sprite.cy);
      ctx.drawImage(sprite.image, x, y);
      if (!glyph.labelApart) continue;
      // Setting a font parses it (measured: most of a millisecond): only when the canvas lost it or it changed.
      const font = layout.fontPx.small * scale;
      if (this.#labelFont !== font) {
        labelFont(ctx, font);
        this.#labelFont = font;
      }
      // Where the sprite would have painted it.
      if (ink !== glyph.labelColour) ctx.fillStyle = ink = glyph.labelColour;
      ctx.fillText(glyph.label, x + sprite.cx, y + sprite.cy + scale);
    }
    ctx.globalAlpha = 1;
    // A long stream of answers ("ack #9412") makes a new look per message: past a few spare, those no token wears now give their canvas to the next.
    if (this.#sprites.size > looks + SPRITES_KEPT) {
      for (const [key, sprite] of this.#sprites) {
        if (sprite.frame === frame) continue;
        this.#sprites.delete(key);
        const size = `${sprite.image.width}x${sprite.image.height}`;
        const spare = this.#spare.get(size) ?? [];
        if (spare.length < SPRITES_KEPT) spare.push(sprite.image);
        this.#spare.set(size, spare);
      }
    }
    if (this.#glyphs.size > tokens.length) for (const [id, glyph] of this.#glyphs) if (!glyph || glyph.frame !== frame) this.#glyphs.delete(id);
  }
}
