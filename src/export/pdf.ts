/**
 * HTML to PDF through a real browser engine: the system's Chromium (Debian's `chromium`
 * package) driven by playwright-core with an explicit executablePath; playwright-core is loaded
 * only here, only for --format pdf, and never downloads a browser of its own. The page gets no
 * network (every request but data: URLs is aborted) and no JavaScript.
 */
import { delimiter, join } from 'node:path';
import { ExternalError, PreconditionError } from '../errors.js';
import { exists } from '../storage/files.js';
import { escapeHtml } from './escape.js';

/** Where Chromium usually is, in the order tried when no path is configured. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** How to get Chromium, for the error when there is none. */
export const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: sudo apt-get install -y chromium; macOS: install Google Chrome), or point CSP_CHROMIUM (or chromium_path in .csp.yaml) at a Chrome or Chromium binary; --format html gives the same document without a browser';

/**
 * The Chromium binary to use: the configured path (which must exist), else the first of the
 * usual places and of chromium/google-chrome on PATH. Throws PreconditionError (exit 3) with how
 * to install it when there is none.
 */
export function findChromium(
  configured: string | undefined,
  pathEnv: string | undefined,
  fileExists: (path: string) => boolean = exists,
): string {
  if (configured) {
    if (fileExists(configured)) return configured;
    throw new PreconditionError(
      `Chromium is not at ${configured} (from CSP_CHROMIUM or chromium_path), and --format pdf needs it`,
      { code: 'no-chromium', hint: INSTALL_HINT },
    );
  }
  const onPath = (pathEnv ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => ON_PATH.map((name) => join(dir, name)));
  const found = [...CHROMIUM_CANDIDATES, ...onPath].find((p) => fileExists(p));
  if (!found)
    throw new PreconditionError('Chromium was not found, and --format pdf prints the plan through it', {
      code: 'no-chromium',
      hint: INSTALL_HINT,
    });
  return found;
}

/** Chromium flags that work in a sandboxed, offline machine (no background network, no GPU). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** An open browser that prints pages; close it when done (one browser serves many plans). */
export interface PdfPrinter {
  /** Prints a self-contained HTML page to PDF (A4, the page's own @page margins) with `footer` and page numbers at the foot of each page. */
  print(html: string, footer: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Launches Chromium headless with a fresh profile. Throws ExternalError (exit 4) when it does not start. */
export async function openPdfPrinter(
  executablePath: string,
  options: { timeoutMs?: number } = {},
): Promise<PdfPrinter> {
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    throw new ExternalError(`Chromium at ${executablePath} did not start: ${firstLine(error)}`, {
      code: 'chromium-failed',
      cause: error,
      hint: 'run it by hand to see why (chromium --headless --no-sandbox --version), or use --format html',
    });
  }
  const open = browser;
  // One context and tab serve every plan (--all): a new context per plan costs more than the
  // printing. No JavaScript runs and each setContent replaces the whole document.
  let tab: Promise<import('playwright-core').Page> | undefined;
  const page = () =>
    (tab ??= (async () => {
      const context = await open.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
      await context.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort('blockedbyclient'),
      );
      const created = await context.newPage();
      await created.emulateMedia({ media: 'print' });
      return created;
    })());
  return {
    async print(html, footer) {
      try {
        const p = await page();
        await p.setContent(html, { waitUntil: 'load' });
        return await p.pdf({
          preferCSSPageSize: true,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<div></div>',
          footerTemplate: footerTemplate(footer),
        });
      } catch (error) {
        throw new ExternalError(`Chromium could not print the plan: ${firstLine(error)}`, {
          code: 'chromium-failed',
          cause: error,
        });
      }
    },
    close: () => open.close(),
  };
}

/** Chromium's footer: its own small HTML document, so the label is escaped here too. */
function footerTemplate(label: string): string {
  return `<div style="font-family: system-ui, Arial, sans-serif; font-size: 8px; color: #607080; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between;"><span>${escapeHtml(label)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

function firstLine(error: unknown): string {
  return (
    String((error as Error)?.message ?? error)
      .split('\n')
      .find((l) => l.trim()) ?? 'unknown error'
  );
}
