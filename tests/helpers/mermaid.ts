/**
 * Reads the Mermaid gantt charts of a markdown document with Mermaid's own parser (mermaid 11,
 * which runs on Node 20 without a DOM as long as the chart has no title: a title goes through
 * DOMPurify, which needs a window). Returns the tasks as Mermaid computed them, so a test can
 * compare them with the plan.
 */
import mermaid from 'mermaid';
import { toIso } from '../../src/domain/dates.js';

/** One task of a gantt chart as Mermaid read it: dates are local calendar days; `end` is exclusive. */
export interface GanttTask {
  id: string;
  task: string;
  section: string;
  start: string;
  end: string;
  milestone: boolean;
  tags: string[];
}

/** The ```mermaid blocks of a markdown document. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** Parses a gantt chart; rejects with Mermaid's parse error when it is not valid. */
export async function parseGantt(chart: string): Promise<GanttTask[]> {
  const parsed = await mermaid.parse(chart);
  if (parsed?.diagramType !== 'gantt') throw new Error(`not a gantt chart: ${JSON.stringify(parsed)}`);
  const diagram = await (mermaid as any).mermaidAPI.getDiagramFromText(chart);
  return (diagram.db.getTasks() as any[]).map((t) => ({
    id: t.id,
    task: String(t.task).trim(),
    section: t.section,
    start: toIso(t.startTime),
    end: toIso(t.endTime),
    milestone: t.milestone === true,
    tags: ['done', 'active', 'crit'].filter((k) => t[k]),
  }));
}
