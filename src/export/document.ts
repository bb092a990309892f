/**
 * From a plan to an export: redact for the audience (redact.ts, driven by the schema), build the
 * view (view.ts), render the text formats (markdown.ts, html.ts, JSON). PDF is the HTML printed
 * by pdf.ts. Pure.
 */
import type { Plan } from '../domain/plan.js';
import type { JsonSchema } from '../schema/schemas.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { redact, type Audience, type RedactOptions } from './redact.js';
import { buildView, type ExportView, type Provenance } from './view.js';

/** The export formats: markdown, HTML, PDF (the HTML printed by Chromium), JSON (the plan data). */
export type ExportFormat = 'md' | 'html' | 'pdf' | 'json';

/** The formats, for flag parsing and help. */
export const FORMATS: readonly ExportFormat[] = ['md', 'html', 'pdf', 'json'];

/** The format a file name asks for by its extension (.md/.markdown, .html/.htm, .pdf, .json). */
export function formatOfPath(path: string): ExportFormat | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === 'md' || ext === 'markdown'
    ? 'md'
    : ext === 'html' || ext === 'htm'
      ? 'html'
      : ext === 'pdf'
        ? 'pdf'
        : ext === 'json'
          ? 'json'
          : undefined;
}

/** A plan made ready for one audience. */
export interface PreparedExport {
  view: ExportView;
  /** JSON pointers of what the customer view left out (empty for the internal view). */
  withheld: string[];
}

/** Redacts the plan for the audience (by the schema's annotations, and the commercial fields the team shows) and builds the view. */
export function prepareExport(
  plan: Plan,
  schema: JsonSchema,
  audience: Audience,
  provenance: Provenance,
  options: RedactOptions = {},
): PreparedExport {
  const { data, withheld } = redact(plan, schema, audience, options);
  return { view: buildView(data, audience, provenance), withheld };
}

/**
 * Renders a text format. JSON is the (redacted) plan itself, still a valid CSP document, with
 * an `x-export` key recording audience, date, version and commit.
 */
export function renderText(prepared: PreparedExport, format: Exclude<ExportFormat, 'pdf'>, generator = 'csp'): string {
  const { view } = prepared;
  if (format === 'md') return renderMarkdown(view);
  if (format === 'html') return renderHtml(view, generator);
  const p = view.provenance;
  const header = {
    audience: view.audience,
    generated_on: p.generatedOn,
    version: p.version,
    commit: p.commit,
    uncommitted_changes: p.uncommitted,
    generator,
  };
  return JSON.stringify({ 'x-export': header, ...view.plan }, null, 2) + '\n';
}

/** The footer printed on each PDF page: "TechCorp Industries · Customer Success Plan · Version 3 · 2026-11-22". */
export function pdfFooter(view: ExportView): string {
  const p = view.provenance;
  return `${view.plan.meta.account_name} · Customer Success Plan · ${p.version === null ? 'Draft' : `Version ${p.version}`} · ${p.generatedOn}${view.audience === 'internal' ? ' · INTERNAL' : ''}`;
}
