#!/usr/bin/env node
// csp site at scale (issue 16): generates the bench InfoHub (generate-infohub.mjs; 10,000
// accounts, or CSP_BENCH_ACCOUNTS), runs `csp site` once cold and once over its own output
// (wall time, CPU time and peak RSS from GNU time), then opens the index in headless Chromium and
// times its load (navigation start to the load event, median of 5). Targets: under 60 s and
// 200 MiB; the index under 1 s. Run it under nice -n 10 on a shared machine: `npm run bench -- site`.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeInfoHub } from './generate-infohub.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const accounts = Number(process.env.CSP_BENCH_ACCOUNTS ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'csp-bench-site-'));
const hub = join(dir, 'infohub');
const out = join(dir, 'public');
const env = { ...process.env, CSP_NOW: '2026-11-22', NO_COLOR: '1', CI: '1' };
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const rows = [];
try {
  console.log(`generating ${accounts.toLocaleString('en-US')} accounts in ${hub} ...`);
  writeInfoHub(hub, accounts);
  const site = () => {
    const args = [join(root, 'bin/csp'), 'site', '--infohub', hub, '--out', out];
    const cmd = timeBin ? [timeBin, ['-f', '%e %U %S %M', process.execPath, ...args]] : [process.execPath, args];
    const t0 = performance.now();
    const r = spawnSync(cmd[0], cmd[1], { env, encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`csp site failed: ${r.stderr}`);
    const [, user, sys, kb] = timeBin ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [0, NaN, NaN, NaN];
    return { ms, cpu: user + sys, rss: kb / 1024 };
  };
  for (const label of ['csp site (new folder)', 'csp site (over its own site)']) {
    const r = site();
    rows.push([
      `${label}, ${accounts.toLocaleString('en-US')} accounts`,
      `${(r.ms / 1000).toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, ${r.rss.toFixed(0)} MiB peak RSS`,
    ]);
  }
  rows.push(['index.html size', `${(statSync(join(out, 'index.html')).size / 1048576).toFixed(1)} MiB`]);
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS, findChromium } = await import(join(root, 'dist/export/pdf.js'));
  const browser = await chromium.launch({
    executablePath: findChromium(process.env.CSP_CHROMIUM, process.env.PATH),
    args: CHROMIUM_ARGS,
  });
  try {
    const loads = [];
    for (let i = 0; i < 6; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(join(out, 'index.html')).href, { waitUntil: 'load' });
      loads.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd));
      await page.close();
    }
    const median = [...loads.slice(1)].sort((a, b) => a - b)[2];
    rows.push([
      'index.html in Chromium, navigation to load event (median of 5 after one warm-up)',
      `${median.toFixed(0)} ms`,
    ]);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`| ${'what'.padEnd(width)} | result |\n|${'-'.repeat(width + 2)}|--------|`);
for (const [what, value] of rows) console.log(`| ${what.padEnd(width)} | ${value} |`);
