/**
 * The portfolio dashboard's numbers (site/dashboard.ts) and the site's text safety (account.ts
 * neutralise, the index's escaping): pure functions, checked on hand-made rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralise } from '../../../src/site/account.js';
import { computeDashboard, esc, listsMarkup, rangeOf, type SiteRow } from '../../../src/site/dashboard.js';
import { renderIndex } from '../../../src/site/pages.js';

const row = (over: Partial<SiteRow>): SiteRow => ({
  a: 'acme',
  n: 'Acme',
  o: 'Ann',
  p: 'execute',
  t: 'onboarding',
  arr: 100,
  v: 'healthy',
  s: null,
  b: null,
  r: null,
  m: [],
  x: 0,
  w: [],
  y: null,
  ...over,
});

describe('computeDashboard', () => {
  it('sorts scores into the reference ranges at their edges, with counts and ARR', () => {
    const scores = [100, 80, 79.9, 60, 59.9, 40, 39.9, 0, null];
    const d = computeDashboard(scores.map((s, i) => row({ a: `a${i}`, s, arr: 10 })));
    expect(Object.fromEntries(d.distribution.map((r) => [r.key, r.count]))).toEqual({
      expand: 2,
      monitor: 2,
      intervene: 2,
      save: 2,
      none: 1,
    });
    expect(d.distribution.map((r) => r.arrUsd)).toEqual([20, 20, 20, 20, 10]);
    expect(d.distribution.map((r) => `${r.label} ${r.action}`).slice(0, 4)).toEqual([
      '80-100 Expand',
      '60-79 Monitor',
      '40-59 Intervene',
      '0-39 Save',
    ]);
    expect(rangeOf(null)).toBe('none');
  });

  it('shares come from the model bands of the scored accounts; average, renewal rate and NRR only where the data allows', () => {
    const empty = computeDashboard([row({}), row({ a: 'b' })]);
    expect([empty.healthy.pct, empty.averageScore, empty.renewalRate, empty.nrr, empty.cohort]).toEqual([
      null,
      null,
      null,
      null,
      0,
    ]);
    const d = computeDashboard([
      row({ a: 'a', s: 90, b: 'green', y: [100, 120] }),
      row({ a: 'b', s: 50, b: 'red', y: [100, 0] }),
      row({ a: 'c', s: 70, b: 'yellow', y: [0, 50] }),
      row({ a: 'd', s: 20, b: null }),
    ]);
    expect([d.healthy, d.atRisk, d.critical]).toEqual([
      { count: 1, pct: 33.3 },
      { count: 1, pct: 33.3 },
      { count: 1, pct: 33.3 },
    ]);
    expect(d.averageScore).toBe(57.5);
    // c had no ARR a year back: it is not in the cohort.
    expect([d.cohort, d.renewalRate, d.nrr]).toEqual([2, 50, 60]);
  });

  it('the lists link each account to its page and escape what plans say', () => {
    const html = listsMarkup(
      [row({ n: '<b>x</b>', m: [['ms-1', '<img src=x onerror=alert(1)>', '2026-01-01', 3]], r: ['2026-02-01', 10] })],
      10,
    );
    expect(html).toContain('<a href="accounts/acme.html">&lt;b&gt;x&lt;/b&gt;</a>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });
});

describe('text safety', () => {
  it('neutralise makes every control character visible and leaves other text alone', () => {
    expect(neutralise({ a: ['x\u001b[31m', 'tab\tand\nline'], b: 5, c: 'del\u007f\u2028' })).toEqual({
      a: ['x\\u001b[31m', 'tab\tand\nline'],
      b: 5,
      c: 'del\\u007f\\u2028',
    });
    // Every code unit of the Basic Multilingual Plane: what comes out holds no control character, and other text is kept.
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
    const wrong: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      const want = control.test(c) ? `a\\u${code.toString(16).padStart(4, '0')}b` : `a${c}b`;
      if (neutralise(`a${c}b`) !== want) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it('esc leaves no markup, and the index never puts plan text in markup or script', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(esc(text)).not.toMatch(/[<>"']/);
        const page = renderIndex([row({ n: text, o: text, t: text })], {
          asOf: '2026-11-22',
          version: '0.1.0',
          commit: null,
          unreadable: [{ account: 'x', reason: text }],
        });
        const body = page.slice(page.indexOf('<body>'));
        expect(body.split('<script>').length).toBe(2);
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});
