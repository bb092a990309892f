/**
 * The DraftModel port (STYLE "AI behind a port"): one structured request to a language model,
 * answered by one forced tool call. The Anthropic adapter (anthropic.ts, the only module that
 * imports the SDK) implements it; tests use the real adapter against a local stub server, or a
 * hand-written fake for the pure orchestration in structured.ts.
 */

/** A JSON Schema object (draft-07) as sent to the model and compiled by ajv. */
export type ToolSchema = { [key: string]: unknown };

/** The one tool the model must call: its input is the structured answer. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: ToolSchema;
}

/** A turn of the conversation. Tool turns carry the tool call and its (error) result for the retry. */
export type ModelMessage =
  /** `cached`: text before `text`, marked as a prompt-cache breakpoint (the context several requests share). */
  | { role: 'user'; text: string; cached?: string }
  | { role: 'assistant_tool_call'; toolUseId: string; toolName: string; input: unknown }
  | { role: 'tool_result'; toolUseId: string; text: string; isError: boolean };

/** One request: instructions (system), the conversation so far, and the tool to call. */
export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  tool: ToolSpec;
  maxTokens: number;
}

/** The model's reply: the tool input it produced (undefined when it did not call the tool). */
export interface ModelReply {
  toolUseId?: string;
  toolInput?: unknown;
  /** Text the model wrote outside the tool call, if any. */
  text: string;
  /** The model id that answered (from the API response). */
  model: string;
  stopReason: string | null;
  /** Tokens the request used, as the API reports them (absent when it reports none). */
  usage?: TokenUsage;
}

/** Token counts of one or more requests (Messages API usage, snake_case as the API names them). */
export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  /** Tokens written to the prompt cache. */
  cache_creation_input_tokens: number;
  /** Tokens read from the prompt cache. */
  cache_read_input_tokens: number;
}

/** The sum of token counts (absent counts are 0). */
export function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage {
  return {
    input_tokens: (a?.input_tokens ?? 0) + (b?.input_tokens ?? 0),
    output_tokens: (a?.output_tokens ?? 0) + (b?.output_tokens ?? 0),
    cache_creation_input_tokens: (a?.cache_creation_input_tokens ?? 0) + (b?.cache_creation_input_tokens ?? 0),
    cache_read_input_tokens: (a?.cache_read_input_tokens ?? 0) + (b?.cache_read_input_tokens ?? 0),
  };
}

/** A language model csp can ask for structured drafts. */
export interface DraftModel {
  /** The model id requests go to (config ai.model). */
  readonly modelId: string;
  /**
   * Sends one request. Throws ExternalError (exit 4) when the service fails after the SDK's
   * retries (timeouts, 429, 5xx), or rejects the key.
   */
  complete(request: ModelRequest): Promise<ModelReply>;
}

/** What the Anthropic adapter needs: the key, where to send requests, and the limits from config. */
export interface ModelSettings {
  apiKey: string;
  /** ANTHROPIC_BASE_URL (a local stub in tests); undefined for the public API. */
  baseURL?: string;
  model: string;
  maxTokens: number;
  /** Per-request timeout, milliseconds. */
  timeoutMs: number;
  /** Retries of timeouts, 408/409/429 and 5xx, with the SDK's backoff. */
  maxRetries: number;
}
