/**
 * csp notes with the model on a long meeting (issue 17): the transcript goes as overlapping
 * windows, each with the plan context marked for prompt caching; the proposals of the windows are
 * merged and de-duplicated; a window that fails is named and the others' proposals are kept; the
 * token counts of every request are reported with --json. Against the local Messages API stub.
 */
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import type { TempRepo } from '../helpers/repo.js';
import { apiError, startAnthropicStub, toolUse, type StubRequest } from '../helpers/anthropic-stub.js';
import { seedAcme } from './notes-seed.js';

const KEY = 'sk-ant-test-notes-windows-0123456789';
const EMPTY = { decisions: [], actions: [], risks: [], stakeholder_changes: [] };
const EARLY = 'Sarah Chen: We agreed to keep the weekly check-in on Tuesdays.';
const BOUNDARY = 'Sarah Chen: We agreed to go with the nightly CRM sync instead of real-time.';
const LATE = "Priya Natarajan: I'll send the updated timeline by Friday.";

/** A 15,000-word call: 1,500 ten-word turns, with a decision early, one where the first two windows overlap, and an action late. */
function longCall(): string {
  const lines: string[] = [];
  for (let i = 0; i < 1500; i++) {
    if (i === 40) lines.push(EARLY);
    else if (i === 520) lines.push(BOUNDARY);
    else if (i === 1450) lines.push(LATE);
    else
      lines.push(
        `${i % 2 ? 'Sarah Chen' : 'Priya Natarajan'}: point ${i} about the rollout plan and what the team saw.`,
      );
  }
  return lines.join('\n') + '\n';
}

/** The stub's answer to one window: what that window's text holds, with token counts that show the cache at work. */
function answer(request: StubRequest, failing?: RegExp) {
  const text: string = request.body.messages[0].content.map((c: { text: string }) => c.text).join('\n');
  if (failing?.test(text)) return apiError(400);
  const body = {
    ...EMPTY,
    decisions: [
      ...(text.includes(EARLY.slice(12))
        ? [{ decision: 'Weekly check-in stays on Tuesdays', evidence: EARLY.slice(12), confidence: 0.8 }]
        : []),
      ...(text.includes(BOUNDARY.slice(12))
        ? [
            {
              decision: 'Nightly CRM sync, not real-time',
              evidence: BOUNDARY.slice(12),
              confidence: text.includes('part 1 of') ? 0.7 : 0.9,
            },
          ]
        : []),
    ],
    actions: text.includes(LATE.slice(17))
      ? [
          {
            what: 'Send the updated timeline',
            who: 'Priya Natarajan',
            when: '2026-11-27',
            evidence: LATE.slice(17),
            confidence: 0.85,
          },
        ]
      : [],
  };
  const reply = toolUse('propose_plan_updates', body) as { kind: 'message'; body: Record<string, unknown> };
  const first = text.includes('part 1 of');
  return {
    ...reply,
    body: {
      ...reply.body,
      usage: {
        input_tokens: 8000,
        output_tokens: 300,
        cache_creation_input_tokens: first ? 900 : 0,
        cache_read_input_tokens: first ? 0 : 900,
      },
    },
  };
}

async function seeded(): Promise<TempRepo> {
  const repo = await seedAcme();
  repo.write('call.txt', longCall());
  return repo;
}

interface Out {
  items: Array<{ kind: string; evidence: string; confidence: number }>;
  windows: Array<{ from: number; to: number; ok: boolean; error?: string }>;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number;
    cache_read_input_tokens: number;
  };
}

describe('csp notes --ai on a long meeting', () => {
  it('sends overlapping windows with the plan context cached, merges and de-duplicates their proposals, and reports the tokens', async () => {
    const repo = await seeded();
    const stub = await startAnthropicStub([(r) => answer(r)]);
    const run = await runCsp(['notes', 'acme', 'call.txt', '--dry-run', '--date', '2026-11-20', '--json'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: stub.url },
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const out = JSON.parse(run.stdout) as Out;
    // Windows: 15,000 words in windows of at most 6,000, each overlapping the one before.
    expect(stub.requests.length).toBe(out.windows.length);
    expect(out.windows.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < out.windows.length; i++) expect(out.windows[i].from).toBeLessThan(out.windows[i - 1].to);
    expect(out.windows.every((w) => w.ok)).toBe(true);
    for (const r of stub.requests) {
      const [context, notes] = r.body.messages[0].content;
      expect(context.cache_control).toEqual({ type: 'ephemeral' });
      expect(context.text).toBe(stub.requests[0].body.messages[0].content[0].text);
      expect(notes.text).toMatch(/<meeting_notes token="[0-9a-f]{8}">/);
      expect(notes.text.split(/\s+/).length).toBeLessThan(6000 * 1.3);
    }
    // Merge: the boundary decision both windows proposed is kept once, with the higher confidence.
    expect(out.items.map((i) => [i.kind, i.evidence])).toEqual([
      ['decision', EARLY.slice(12)],
      ['decision', BOUNDARY.slice(12)],
      ['action', LATE.slice(17)],
    ]);
    expect(out.items[1].confidence).toBe(0.9);
    // Token counts of every request together.
    const n = stub.requests.length;
    expect(out.usage).toEqual({
      input_tokens: 8000 * n,
      output_tokens: 300 * n,
      cache_creation_input_tokens: 900,
      cache_read_input_tokens: 900 * (n - 1),
    });
  }, 240_000);

  it('keeps the other windows\u2019 proposals when one window fails, and names the failure', async () => {
    const repo = await seeded();
    const stub = await startAnthropicStub([(r) => answer(r, /part 2 of/)]);
    const run = await runCsp(['notes', 'acme', 'call.txt', '--dry-run', '--date', '2026-11-20', '--json'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: stub.url },
    });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const out = JSON.parse(run.stdout) as Out;
    expect(out.windows.map((w) => w.ok)).toEqual(out.windows.map((_w, i) => i !== 1));
    expect(out.windows[1].error).toMatch(/400|invalid/i);
    expect(
      out.items.map((i) => i.evidence),
      JSON.stringify(out.windows),
    ).toEqual([EARLY.slice(12), BOUNDARY.slice(12), LATE.slice(17)]);
    // Without --json the failure is named on stderr.
    const human = await runCsp(['notes', 'acme', 'call.txt', '--dry-run', '--date', '2026-11-20'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: stub.url },
    });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stderr).toMatch(/window 2 of \d+ \(turns \d+-\d+\) failed/);
  }, 240_000);

  it('fails (exit 4) when every window fails', async () => {
    const repo = await seeded();
    const stub = await startAnthropicStub([apiError(400)]);
    const run = await runCsp(['notes', 'acme', 'call.txt', '--dry-run', '--date', '2026-11-20', '--json'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: stub.url },
    });
    expect(run.code).toBe(4);
    expect(stub.requests.length).toBeGreaterThanOrEqual(3);
  }, 240_000);
});
