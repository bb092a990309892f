/**
 * A local HTTP server that speaks enough of Anthropic's Messages API (POST /v1/messages) for csp's
 * AI commands: tests point the real SDK at it through ANTHROPIC_BASE_URL, so nothing reaches the
 * network (SPEC "AI assistance"). Each request takes the next scripted reply (the last one
 * repeats): a tool_use message, an API error with a status, or no answer at all (a timeout).
 * Both `Authorization: Bearer <key>` (SDK 1.x) and `x-api-key` (0.x) are accepted; a request with
 * neither gets a 401. Every request is recorded for assertions. Closed when the test finishes.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** One scripted reply. */
export type StubReply =
  | { kind: 'message'; body: Record<string, unknown> }
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  /** Never answers (the client's timeout fires). */
  | { kind: 'hang' };

/** A reply, or a function of the request that gives one. */
export type StubStep = StubReply | ((request: StubRequest) => StubReply);

/** A request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The API key the client sent (Bearer or x-api-key), for checking it arrived. */
  key: string | null;
  body: any;
}

/** A running stub. */
export interface AnthropicStub {
  /** The base URL to put in ANTHROPIC_BASE_URL. */
  url: string;
  requests: StubRequest[];
}

let counter = 0;

/** A successful Messages API reply in which the model calls `name` with `input`. */
export function toolUse(name: string, input: unknown, model = 'claude-stub-1'): StubReply {
  counter++;
  return {
    kind: 'message',
    body: {
      id: `msg_stub_${counter}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'tool_use', id: `toolu_stub_${counter}`, name, input }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 100 },
    },
  };
}

/** An API error; `retry-after-ms` is short so the SDK's retries do not slow the tests. */
export function apiError(
  status: number,
  type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error',
): StubReply {
  return { kind: 'error', status, type, message: `stub ${status}`, headers: { 'retry-after-ms': '20' } };
}

/** A reply that never comes. */
export const hang: StubReply = { kind: 'hang' };

/** Starts the stub on a free loopback port with the scripted steps. */
export async function startAnthropicStub(steps: readonly StubStep[]): Promise<AnthropicStub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const auth = req.headers.authorization;
      const key = auth?.startsWith('Bearer ')
        ? auth.slice(7)
        : ((req.headers['x-api-key'] as string | undefined) ?? null);
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = raw;
      }
      const request: StubRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, key, body };
      requests.push(request);
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_stub_${requests.length}`,
          ...headers,
        });
        res.end(JSON.stringify(payload));
      };
      if (!key) return send(401, { type: 'error', error: { type: 'authentication_error', message: 'no API key' } });
      if (req.method !== 'POST' || !request.path.startsWith('/v1/messages'))
        return send(404, { type: 'error', error: { type: 'not_found_error', message: `no route ${request.path}` } });
      const step = steps[Math.min(requests.length - 1, steps.length - 1)];
      const reply = typeof step === 'function' ? step(request) : step;
      if (reply.kind === 'hang') return;
      if (reply.kind === 'error')
        return send(
          reply.status,
          { type: 'error', error: { type: reply.type, message: reply.message } },
          reply.headers,
        );
      send(200, reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests };
}
