// Loaded with `node --import <this file>`: records every module URL the process loads to the file
// named by CSP_TRACE_IMPORTS (one per line), so a test can check what a command imports: ES
// modules as they are resolved, and CommonJS modules loaded with require (as file paths) when the
// process exits.
import { createRequire, register } from 'node:module';
import { appendFileSync } from 'node:fs';

const out = process.env.CSP_TRACE_IMPORTS;
if (out) {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => appendFileSync(out, url + '\n'));
  port1.unref();
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
        let port;
        export function initialize(data) { port = data.port; }
        export async function resolve(specifier, context, next) {
          const result = await next(specifier, context);
          port.postMessage(result.url);
          return result;
        }`),
    import.meta.url,
    { data: { port: port2 }, transferList: [port2] },
  );
  const required = createRequire(import.meta.url).cache;
  process.on('exit', () =>
    appendFileSync(
      out,
      Object.keys(required)
        .map((path) => `${path}\n`)
        .join(''),
    ),
  );
}
