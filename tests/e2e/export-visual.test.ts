/**
 * The visual checks of the exports (issue 16 section 3), on every plan of infohub-example: the
 * HTML rendered in Chromium at 1280 px and at phone width (390 px) and as printed (A4), with no
 * element out of its table or the page and no chart text clipped (measured in the page:
 * tests/helpers/overflow.ts), screenshots kept in test-results/export-visual/; the PDF of each
 * complete example plan without a mostly blank page, a page holding only the sign-off, or a
 * heading left at the foot of a page; the Mermaid chart's axis labels each month once; a long
 * unbroken value (a URL in a milestone title) wraps.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareExport, pdfFooter, renderText } from '../../src/export/document.js';
import { CHROMIUM_ARGS, findChromium, openPdfPrinter } from '../../src/export/pdf.js';
import type { Provenance } from '../../src/export/view.js';
import { loadSchema } from '../../src/schema/schemas.js';
import { ROOT } from '../helpers/cli.js';
import { exportPlan, FIXTURE_PLAN, type PlanSource } from '../helpers/export-plan.js';
import { findOverflows } from '../helpers/overflow.js';
import { tempDir } from '../helpers/repo.js';
import { mermaidBlocks } from '../helpers/mermaid.js';

const executablePath = findChromium(process.env.CSP_CHROMIUM, process.env.PATH);
const SHOTS = join(ROOT, 'test-results', 'export-visual');
const provenance: Provenance = {
  generatedOn: '2026-12-05',
  version: 3,
  commit: 'abc1234',
  uncommitted: false,
  inGit: true,
};
const EXAMPLE = join(ROOT, 'infohub-example');
const examples: PlanSource[] = readdirSync(EXAMPLE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
  .map((d) => ({ account: d.name, file: join(EXAMPLE, d.name, 'success_plan', 'csp.yaml') }));
/** The complete example plans: every section filled (their PDFs run to several pages). */
const complete = examples.filter((e) => {
  const p = exportPlan(e);
  return (
    (p.adoption_journey?.phases?.length ?? 0) >= 3 &&
    (p.value_tracking?.metrics?.length ?? 0) > 0 &&
    (p.governance?.raci?.length ?? 0) > 0
  );
});
const schema = loadSchema('csp');
const render = (source: PlanSource, audience: 'customer' | 'internal', format: 'html' | 'md') =>
  renderText(prepareExport(exportPlan(source), schema, audience, provenance), format);

let browser: Browser;
let tab: Page | undefined;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Renders an HTML document at a width (screen, or print media for A4) in one reused tab and returns what overflows; keeps a screenshot when named. */
async function overflowsAt(
  html: string,
  width: number,
  shot: string | null,
  media: 'screen' | 'print' = 'screen',
): Promise<string[]> {
  tab ??= await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await tab.setViewportSize({ width, height: 900 });
  await tab.emulateMedia({ media });
  await tab.setContent(html, { waitUntil: 'load' });
  if (shot) await tab.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  return await tab.evaluate(findOverflows);
}

describe('the HTML export fits the page (visual check)', () => {
  it('has example plans to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(complete.length).toBeGreaterThanOrEqual(2);
  });

  for (const source of examples) {
    it(`${source.account}: nothing overflows its table or the page at 1280 px, 390 px and printed on A4`, {
      timeout: 60_000,
    }, async () => {
      for (const audience of ['customer', 'internal'] as const) {
        const html = render(source, audience, 'html');
        // Screenshots (PNG) of the customer view at both widths, for a person to look at.
        const shot = (w: number) => (audience === 'customer' ? `${source.account}-${w}` : null);
        expect(await overflowsAt(html, 1280, shot(1280)), `${audience} 1280`).toEqual([]);
        expect(await overflowsAt(html, 390, shot(390)), `${audience} 390`).toEqual([]);
        // A4 (210 mm less 28 mm of margins) at 96 px per inch.
        expect(await overflowsAt(html, 688, null, 'print'), `${audience} print`).toEqual([]);
      }
    });
  }

  it('a long unbroken value (a URL in a milestone title and deliverable) wraps inside its cell at every width', {
    timeout: 60_000,
  }, async () => {
    const url = `https://docs.example.com/${'very-long-path-segment/'.repeat(8)}runbook?section=single-sign-on&version=2026.12`;
    const plan = exportPlan(FIXTURE_PLAN);
    const ms = plan.adoption_journey!.phases![0].milestones![0];
    ms.title = `Configure SSO per ${url}`;
    ms.deliverable = url;
    plan.business_outcomes!.objectives![0].key_results![0].metric = `Adoption measured at ${url}`;
    const html = renderText(prepareExport(plan, schema, 'customer', provenance), 'html');
    for (const [width, media] of [
      [1280, 'screen'],
      [390, 'screen'],
      [688, 'print'],
    ] as const) {
      expect(await overflowsAt(html, width, null, media), `${width} ${media}`).toEqual([]);
    }
  });
});

describe('the PDF of each complete example plan', () => {
  const pageText = (file: string, n: number) =>
    execFileSync('pdftotext', ['-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
  const pageCount = (file: string) =>
    Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  /** How far down each page the ink goes (0-1 of the page above the footer), from a 20 dpi greyscale rendering. */
  function inkDepth(file: string, dir: string): number[] {
    execFileSync('pdftoppm', ['-r', '20', '-gray', file, join(dir, 'p')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => {
        const data = readFileSync(join(dir, f));
        // P5 header: magic, width height, maxval, then one byte per pixel.
        let offset = 0;
        const fields: string[] = [];
        while (fields.length < 4) {
          const end = data.indexOf(0x0a, offset);
          fields.push(...data.subarray(offset, end).toString('latin1').trim().split(/\s+/).filter(Boolean));
          offset = end + 1;
        }
        const [w, h] = [Number(fields[1]), Number(fields[2])];
        const body = Math.floor(h * 0.9); // the footer is below
        let last = 0;
        for (let y = 0; y < body; y++) for (let x = 0; x < w; x++) if (data[offset + y * w + x] < 200) last = y;
        return last / body;
      });
  }
  const squash = (t: string) => t.replace(/\s+/g, '');

  it('has no mostly blank page, no page holding only the sign-off, and no heading left at the foot of a page', {
    timeout: 180_000,
  }, async () => {
    const printer = await openPdfPrinter(executablePath);
    try {
      for (const source of complete) {
        for (const audience of ['customer', 'internal'] as const) {
          const prepared = prepareExport(exportPlan(source), schema, audience, provenance);
          const html = renderText(prepared, 'html');
          const dir = tempDir();
          const file = join(dir, 'plan.pdf');
          writeFileSync(file, await printer.print(html, pdfFooter(prepared.view)));
          const pages = pageCount(file);
          const label = `${source.account} ${audience}`;
          const depth = inkDepth(file, dir);
          expect(depth).toHaveLength(pages);
          // Every page but the last is at least half used.
          depth
            .slice(0, -1)
            .forEach((d, i) =>
              expect(d, `${label}: page ${i + 1} of ${pages} is ${Math.round((1 - d) * 100)}% blank`).toBeGreaterThan(
                0.5,
              ),
            );
          // The last page holds more than the sign-off.
          const last = pageText(file, pages)
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !/Page \d+ of \d+/.test(l) && !l.includes('Customer Success Plan ·'));
          expect(squash(last[0] ?? ''), `${label}: the last page holds only the sign-off`).not.toBe('Sign-off');
          // No page ends with a heading (its table on the next page).
          const headings = [...html.matchAll(/<h[23][^>]*>([\s\S]*?)<\/h[23]>/g)].map((m) =>
            squash(
              m[1]
                .replace(/<[^>]+>/g, '')
                .replace(/&amp;/g, '&')
                .replace(/&#39;|&apos;/g, "'"),
            ),
          );
          for (let n = 1; n < pages; n++) {
            const lines = pageText(file, n)
              .split('\n')
              .map((l) => l.trim())
              .filter((l) => l && !/Page \d+ of \d+/.test(l) && !l.includes('Customer Success Plan ·'));
            // A heading may wrap: its last one to three lines together.
            const endsWithHeading = [1, 2, 3].some(
              (k) => lines.length >= k && headings.includes(squash(lines.slice(-k).join(''))),
            );
            expect(endsWithHeading, `${label}: page ${n} ends with the heading "${lines.slice(-2).join(' ')}"`).toBe(
              false,
            );
          }
        }
      }
    } finally {
      await printer.close();
    }
  });
});

describe("the Mermaid chart's axis", () => {
  it('labels each month once, for every example plan (rendered by Mermaid in Chromium)', {
    timeout: 60_000,
  }, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent('<!doctype html><body></body>');
      await page.addScriptTag({ path: join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
      for (const source of examples) {
        const [chart] = mermaidBlocks(render(source, 'customer', 'md'));
        if (!chart) continue;
        const ticks = await page.evaluate(async (c) => {
          const m = (
            window as unknown as {
              mermaid: { initialize(o: object): void; render(id: string, c: string): Promise<{ svg: string }> };
            }
          ).mermaid;
          m.initialize({ startOnLoad: false });
          const { svg } = await m.render(`g${Math.random().toString(36).slice(2)}`, c);
          const div = document.createElement('div');
          div.innerHTML = svg;
          return Array.from(div.querySelectorAll('.tick text')).map((t) => t.textContent ?? '');
        }, chart);
        expect(ticks.length, source.account).toBeGreaterThan(1);
        expect(new Set(ticks).size, `${source.account}: ${ticks.join(', ')}`).toBe(ticks.length);
      }
    } finally {
      await context.close();
    }
  });
});
