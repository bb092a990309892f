#!/usr/bin/env node
// Renders the portfolio dashboard of infohub-example/ (csp site, the built dist/) in headless
// Chromium and saves docs/img/dashboard.png for the README. Needs `npm run build` and Chromium
// (CSP_CHROMIUM, else /usr/bin/chromium). Usage: node scripts/screenshot-site.mjs [--as-of YYYY-MM-DD]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--as-of');
// NOTE: a fixed date keeps the picture the same from run to run (the example's plans are dated late 2026).
const asOf = at > 0 ? process.argv[at + 1] : '2026-12-01';
const { CHROMIUM_ARGS, findChromium } = await import(join(root, 'dist/export/pdf.js'));
const out = mkdtempSync(join(tmpdir(), 'csp-site-shot-'));
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'bin/csp'),
      'site',
      '--infohub',
      join(root, 'infohub-example'),
      '--out',
      join(out, 'site'),
      '--as-of',
      asOf,
    ],
    { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } },
  );
  const browser = await chromium.launch({
    executablePath: findChromium(process.env.CSP_CHROMIUM, process.env.PATH),
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(join(out, 'site', 'index.html')).href);
    mkdirSync(join(root, 'docs/img'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs/img/dashboard.png'), fullPage: false });
    console.log('wrote docs/img/dashboard.png');
  } finally {
    await browser.close();
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
