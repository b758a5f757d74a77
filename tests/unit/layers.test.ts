/**
 * The one direction of imports, checked on the source: kernel → actors → chapters → stage →
 * deck. The kernel imports nothing outside itself (and names no domain word), a family's
 * simulation files import no stage or DOM code (only its glyph file draws), chapters import no
 * stage or deck, the stage no deck, and nothing outside a chapter names one of its files (the
 * registry loads each chapter as a chunk of its own). And what the browser loads, from main.ts on,
 * never imports XState at run time: the browser runs every world on the fast host.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte)$/.test(f) ? [p] : [];
  });
}

/** Every relative import of a file, as a path under src ('kernel/world.ts'), static and dynamic. */
function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specs = [...code.matchAll(/(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(src, normalize(join(dirname(file), s))));
}

const all = files(src).map((f) => ({ file: relative(src, f), imports: importsOf(f) }));
const layer = (p: string) => p.split('/')[0]!;

describe('imports run one way', () => {
  it('the kernel imports only itself, and names no domain word', () => {
    for (const { file, imports } of all.filter((f) => layer(f.file) === 'kernel')) {
      expect(imports.filter((i) => layer(i) !== 'kernel'), file).toEqual([]);
      const code = readFileSync(join(src, file), 'utf8');
      expect(code, file).not.toMatch(/listener|balance|deposit|withdraw|publish|channel|subscription|broker|nats|account|http/i);
    }
  });

  it("a family's simulation files import no stage, chapter or deck; only its glyph file draws", () => {
    for (const { file, imports } of all.filter((f) => layer(f.file) === 'actors')) {
      const glyph = file.endsWith('/glyph.ts');
      const bad = imports.filter((i) => ['chapters', 'deck'].includes(layer(i)) || (!glyph && layer(i) === 'stage'));
      expect(bad, file).toEqual([]);
      // Code only: a comment may well speak of a time window.
      const code = readFileSync(join(src, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (!glyph) expect(code, file).not.toMatch(/from 'd3-|document\.|window\./);
    }
  });

  it('chapters import no stage or deck; nothing but the deck (and main) imports the deck', () => {
    for (const { file, imports } of all.filter((f) => layer(f.file) === 'chapters')) expect(imports.filter((i) => ['stage', 'deck'].includes(layer(i))), file).toEqual([]);
    for (const { file, imports } of all.filter((f) => ['stage', 'lib', 'kernel', 'actors', 'live', 'cli'].includes(layer(f.file)))) expect(imports.filter((i) => layer(i) === 'deck'), file).toEqual([]);
  });

  it("nothing outside a chapter names one of its files, except the registry that loads it", () => {
    const chapterFile = (i: string) => /^chapters\/[^/]+\//.test(i);
    for (const { file, imports } of all) {
      const own = /^chapters\/([^/]+)\//.exec(file)?.[1];
      const foreign = imports.filter((i) => chapterFile(i) && (own === undefined || !i.startsWith(`chapters/${own}/`)) && !(file === 'chapters/index.ts' && /^chapters\/[^/]+\/index\.ts$/.test(i)));
      expect(foreign, file).toEqual([]);
    }
  });

  it('nothing the browser loads imports XState at run time (kernel/xstate.ts is for tests and the command line)', () => {
    const byFile = new Map(all.map((f) => [f.file, f.imports]));
    const reached = new Set<string>();
    const queue = ['main.ts'];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (reached.has(file) || !byFile.has(file)) continue;
      reached.add(file);
      queue.push(...byFile.get(file)!);
    }
    expect(reached.size).toBeGreaterThan(100);
    expect(reached.has('chapters/engine.ts') && reached.has('kernel/fast.ts')).toBe(true);
    const runtime = /^\s*import\s+(?!type\b)[^;]*?from\s*['"]xstate(?:\/[^'"]*)?['"]/m;
    const offenders = [...reached].filter((file) => runtime.test(readFileSync(join(src, file), 'utf8')));
    expect(offenders).toEqual([]);
    // The rule can fail: the XState host itself is such a file.
    expect(runtime.test(readFileSync(join(src, 'kernel/xstate.ts'), 'utf8'))).toBe(true);
  });
});
