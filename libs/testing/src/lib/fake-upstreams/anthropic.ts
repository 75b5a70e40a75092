import {
  type AnswerPlan,
  CUT_AFTER,
  FAKE_SCENARIO_MODELS,
  nonNegativeInt,
  planAnswer,
  type Scenario,
  scenarioOf,
  SLOW_CHUNK_MS,
  thousandPieces,
  TOOL_ARGUMENT_FRAGMENTS,
  TOOL_RESULT_ANSWER,
} from './answer';
import {
  ANTHROPIC_MESSAGES,
  anthropicError,
  anthropicHeaders,
  anthropicMessage,
  anthropicUsage,
  OVERLOADED_EVENT_DATA,
  PING_DATA,
  shouldRetry,
} from './anthropic-wire';
import { ids } from './ids';
import { type Exchange, sendBody, sleep, startFakeServer, untilAborted } from './server';
import { SSE_HEADERS, SseWriter } from './sse';
import { countWords, isRecord, splitText, textOf } from './text';
import type { FakeUpstream, FakeUpstreamOptions } from './types';

/** What the fake reads from a Messages request. */
interface MessagesRequest {
  model: string;
  stream: boolean;
  maxTokens: number;
  stops: string[];
  toolName: string | undefined;
  /** The last message is a user message holding a `tool_result` block. */
  afterToolResult: boolean;
  lastUserText: string;
  inputTokens: number;
  /** `thinking: {"type":"enabled",…}` was asked for: the answer begins with a thinking block. */
  thinking: boolean;
  /** Thinking is enabled and the last user message holds `REDACTED_THINKING_TRIGGER`: a redacted thinking block comes first. */
  redacted: boolean;
  /** The text of a final assistant message (Anthropic's prefill): the answer goes on from it. */
  prefill: string | undefined;
}

/**
 * The thinking block the fake answers with when thinking is enabled, in two pieces, and its signature (with the
 * characters a real one has, so that a test can check it comes back byte for byte).
 */
export const FAKE_THINKING = { pieces: ['The user wants an echo. ', 'I will echo it.'], signature: 'EqQBCkYIBxgCKkB+f/Zm9thinking+sig/Qw==' } as const;

/** Anthropic's documented test string: a request holding it (with thinking enabled) gets a redacted thinking block. */
export const REDACTED_THINKING_TRIGGER = 'ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C1253';
/** The encrypted data of that block. */
export const FAKE_REDACTED_THINKING = 'EmwKAhgBEgy3va3pzix/LafPsn4a+redacted/Qw==';

/** The text before the tool call `tool-model` makes. */
const TOOL_PREAMBLE = 'Let me check.';
const STOP_REASON = { end: 'end_turn', length: 'max_tokens', stop: 'stop_sequence' } as const;
const MODELS = ['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022', 'claude-sonnet', ...FAKE_SCENARIO_MODELS];

/** Starts a local server speaking Anthropic's Messages wire format (scenarios: see index.ts). */
export function startFakeAnthropic(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  return startFakeServer(options, handle);
}

async function handle(ex: Exchange): Promise<void> {
  const requestId = ids.anthropicRequest();
  const fail = (status: number, type: string, message: string): void =>
    sendBody(ex.res, status, { ...anthropicHeaders(requestId, ex.posts, 0, false), ...shouldRetry(status) }, anthropicError(type, message, requestId));
  const key = ex.headers['x-api-key'];
  if (ex.options.apiKey !== undefined && key === undefined) return fail(401, 'authentication_error', ANTHROPIC_MESSAGES.noKey);
  if (ex.options.apiKey !== undefined && key !== ex.options.apiKey) return fail(401, 'authentication_error', ANTHROPIC_MESSAGES.badKey);
  if (!ex.headers['anthropic-version']) return fail(400, 'invalid_request_error', ANTHROPIC_MESSAGES.noVersion);
  if (ex.method === 'GET' && ex.path === '/v1/models') {
    const data = MODELS.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-05-22T00:00:00Z' }));
    const page = { data, has_more: false, first_id: data[0].id, last_id: data[data.length - 1].id };
    return sendBody(ex.res, 200, anthropicHeaders(requestId, ex.posts, 0, ex.options.scenario === 'rate-limited', ex.options.rateLimitResetS), page);
  }
  if (ex.method !== 'POST' || ex.path !== '/v1/messages') return fail(404, 'not_found_error', ANTHROPIC_MESSAGES.notFound);
  const req = parseMessages(ex.body, ex.invalidJson);
  if (typeof req === 'string') return fail(400, 'invalid_request_error', req);
  return messages(ex, req, requestId);
}

function parseMessages(body: unknown, invalidJson: boolean): MessagesRequest | string {
  if (invalidJson || !isRecord(body)) return ANTHROPIC_MESSAGES.badJson;
  const { model, messages, max_tokens: maxTokens, stop_sequences: stops, tools, system, stream, thinking } = body;
  if (typeof model !== 'string') return ANTHROPIC_MESSAGES.required('model');
  if (!Array.isArray(messages)) return ANTHROPIC_MESSAGES.required('messages');
  const max = nonNegativeInt(maxTokens);
  if (max === undefined) return ANTHROPIC_MESSAGES.required('max_tokens');
  const records = messages.filter(isRecord);
  const last = records.at(-1);
  const lastContent = last?.['role'] === 'user' ? last['content'] : undefined;
  const firstTool = Array.isArray(tools) && isRecord(tools[0]) ? tools[0]['name'] : undefined;
  const thinkingOn = isRecord(thinking) && thinking['type'] === 'enabled';
  if (thinkingOn) {
    const unthought = lastToolTurnWithoutThinking(records);
    if (unthought) return ANTHROPIC_MESSAGES.thinkingFirst(unthought.index, unthought.found);
  }
  return {
    model,
    stream: stream === true,
    maxTokens: max,
    stops: Array.isArray(stops) ? stops.filter((s): s is string => typeof s === 'string') : [],
    toolName: typeof firstTool === 'string' ? firstTool : undefined,
    afterToolResult: Array.isArray(lastContent) && lastContent.some((block) => isRecord(block) && block['type'] === 'tool_result'),
    lastUserText: textOf(records.filter((m) => m['role'] === 'user').at(-1)?.['content']),
    inputTokens: countWords(textOf(system)) + records.reduce((sum, m) => sum + countWords(textOf(m['content'])), 0),
    thinking: thinkingOn,
    redacted: thinkingOn && textOf(lastContent).includes(REDACTED_THINKING_TRIGGER),
    prefill: last?.['role'] === 'assistant' ? textOf(last['content']) : undefined,
  };
}

/**
 * Anthropic's rule with thinking on: the last assistant turn, when it used tools, must begin with a thinking (or
 * redacted thinking) block. The turn that breaks it, with the type it begins with.
 */
function lastToolTurnWithoutThinking(messages: readonly Record<string, unknown>[]): { index: number; found: string } | undefined {
  const index = messages.findLastIndex((m) => m['role'] === 'assistant');
  const content = messages[index]?.['content'];
  if (!Array.isArray(content) || !content.some((block) => isRecord(block) && block['type'] === 'tool_use')) return undefined;
  const first = isRecord(content[0]) && typeof content[0]['type'] === 'string' ? content[0]['type'] : 'text';
  return first === 'thinking' || first === 'redacted_thinking' ? undefined : { index, found: first };
}

function planOf(req: MessagesRequest, scenario: Scenario, chunks: number): AnswerPlan | 'tool' {
  if (scenario === 'tool-model' && req.toolName !== undefined && !req.afterToolResult) return 'tool';
  const whole = scenario === 'tool-model' && req.afterToolResult ? TOOL_RESULT_ANSWER : `Echo: ${req.lastUserText}`;
  // With a prefill the known answer goes on from where the prefill leaves it, as the real model continues its text.
  const text = req.prefill !== undefined && whole.startsWith(req.prefill) ? whole.slice(req.prefill.length) : whole;
  return planAnswer(scenario === 'thousand' ? thousandPieces() : splitText(text, chunks), req.maxTokens, req.stops);
}

async function messages(ex: Exchange, req: MessagesRequest, requestId: string): Promise<void> {
  const scenario = ex.options.scenario ?? scenarioOf(req.model);
  const headers = anthropicHeaders(requestId, ex.posts, req.inputTokens, scenario === 'rate-limited', ex.options.rateLimitResetS);
  const fail = (status: number, type: string, message: string): void =>
    sendBody(ex.res, status, { ...headers, ...shouldRetry(status) }, anthropicError(type, message, requestId));
  if (scenario === 'rate-limited') return fail(429, 'rate_limit_error', ANTHROPIC_MESSAGES.rateLimited);
  if (scenario === 'server-error') return fail(500, 'api_error', ANTHROPIC_MESSAGES.serverError);
  if (scenario === 'overloaded' || (scenario === 'error-mid-stream' && !req.stream)) return fail(529, 'overloaded_error', ANTHROPIC_MESSAGES.overloaded);
  if (scenario === 'bad-request') return fail(400, 'invalid_request_error', ANTHROPIC_MESSAGES.badMessages);
  if (scenario === 'dies-mid-stream' && !req.stream) return void ex.res.socket?.destroy();
  if (scenario === 'malformed' && !req.stream) return sendBody(ex.res, 200, headers, '{"not":"what you expect"');
  if (scenario === 'stall') {
    ex.res.writeHead(200, { ...(req.stream ? SSE_HEADERS : { 'content-type': 'application/json' }), ...headers });
    ex.res.flushHeaders();
    return untilAborted(ex.signal);
  }
  const plan = planOf(req, scenario, ex.options.chunks ?? 5);
  const id = ids.message();
  if (req.stream) return streamMessage(ex, req, scenario, plan, id, headers);

  await sleep(scenario === 'slow' ? SLOW_CHUNK_MS : 0, ex.signal);
  if (ex.signal.aborted) return;
  const thinking = [
    ...(req.redacted ? [{ type: 'redacted_thinking', data: FAKE_REDACTED_THINKING }] : []),
    ...(req.thinking ? [{ type: 'thinking', thinking: FAKE_THINKING.pieces.join(''), signature: FAKE_THINKING.signature }] : []),
  ];
  if (plan === 'tool') {
    const content = [...thinking, { type: 'text', text: TOOL_PREAMBLE }, { type: 'tool_use', id: ids.toolUse(), name: req.toolName, input: { city: 'Paris' } }];
    const usage = anthropicUsage(req.inputTokens, 1 + TOOL_ARGUMENT_FRAGMENTS.length);
    return sendBody(ex.res, 200, headers, anthropicMessage(id, req.model, content, 'tool_use', null, usage));
  }
  const content = [...thinking, { type: 'text', text: plan.pieces.join('') }];
  const usage = anthropicUsage(req.inputTokens, plan.pieces.length);
  sendBody(ex.res, 200, headers, anthropicMessage(id, req.model, content, STOP_REASON[plan.finish], plan.stopSequence, usage));
}

async function streamMessage(ex: Exchange, req: MessagesRequest, scenario: Scenario, plan: AnswerPlan | 'tool', id: string, headers: Record<string, string>): Promise<void> {
  ex.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  ex.res.flushHeaders();
  const sse = new SseWriter(ex.res, ex.signal, { gapMs: ex.options.chunkDelayMs ?? 0, beforeEachMs: scenario === 'slow' ? SLOW_CHUNK_MS : 0 });
  if (scenario === 'malformed') {
    if (await sse.send('{garbage', 'message_start')) await sse.json({ type: 'message_stop' }, 'message_stop');
    return sse.end();
  }
  const event = (type: string, fields: object): Promise<boolean> => sse.json({ type, ...fields }, type);
  const start = anthropicMessage(id, req.model, [], null, null, anthropicUsage(req.inputTokens, 1));
  if (!(await event('message_start', { message: start }))) return;
  // Thinking blocks come first (a redacted one whole at its start), and the text and tool blocks move on.
  let at = 0;
  if (req.redacted) {
    if (!(await event('content_block_start', { index: at, content_block: { type: 'redacted_thinking', data: FAKE_REDACTED_THINKING } }))) return;
    if (!(await event('content_block_stop', { index: at++ }))) return;
  }
  if (req.thinking) {
    if (!(await event('content_block_start', { index: at, content_block: { type: 'thinking', thinking: '', signature: '' } }))) return;
    for (const thinking of FAKE_THINKING.pieces) {
      if (!(await event('content_block_delta', { index: at, delta: { type: 'thinking_delta', thinking } }))) return;
    }
    if (!(await event('content_block_delta', { index: at, delta: { type: 'signature_delta', signature: FAKE_THINKING.signature } }))) return;
    if (!(await event('content_block_stop', { index: at++ }))) return;
  }
  if (!(await event('content_block_start', { index: at, content_block: { type: 'text', text: '' } }))) return;
  if (!(await sse.send(PING_DATA, 'ping'))) return;
  const texts = plan === 'tool' ? [TOOL_PREAMBLE] : plan.pieces.slice(0, CUT_AFTER[scenario] ?? Infinity);
  for (const text of texts) {
    if (!(await event('content_block_delta', { index: at, delta: { type: 'text_delta', text } }))) return;
  }
  if (scenario === 'dies-mid-stream') return sse.cut();
  if (scenario === 'error-mid-stream') {
    await sse.send(OVERLOADED_EVENT_DATA, 'error');
    return sse.end();
  }
  if (!(await event('content_block_stop', { index: at }))) return;
  if (plan === 'tool') {
    const block = { type: 'tool_use', id: ids.toolUse(), name: req.toolName, input: {} };
    if (!(await event('content_block_start', { index: at + 1, content_block: block }))) return;
    for (const partial of ['', ...TOOL_ARGUMENT_FRAGMENTS]) {
      if (!(await event('content_block_delta', { index: at + 1, delta: { type: 'input_json_delta', partial_json: partial } }))) return;
    }
    if (!(await event('content_block_stop', { index: at + 1 }))) return;
  }
  const stopReason = plan === 'tool' ? 'tool_use' : STOP_REASON[plan.finish];
  const stopSequence = plan === 'tool' ? null : plan.stopSequence;
  const outputTokens = plan === 'tool' ? 1 + TOOL_ARGUMENT_FRAGMENTS.length : plan.pieces.length;
  if (!(await event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: { output_tokens: outputTokens } }))) return;
  if (await event('message_stop', {})) sse.end();
}
