import { failureOf } from './openai-failures';
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
import { ids } from './ids';
import { completions } from './openai-completions';
import { embeddings } from './openai-embeddings';
import { chatChunk, chatCompletion, chatIdentity, maskKey, OPENAI_MESSAGES, openAIError, openAIHeaders, openAIUsage, streamChoice } from './openai-wire';
import { type Exchange, sendBody, sleep, startFakeServer, untilAborted } from './server';
import { SSE_HEADERS, SseWriter } from './sse';
import { countWords, isRecord, splitText, textOf } from './text';
import type { FakeUpstream, FakeUpstreamOptions } from './types';

/** What the fake reads from a chat completion request. */
interface ChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  obfuscate: boolean;
  maxTokens: number | undefined;
  stops: string[];
  /** Name of the first tool offered, if any. */
  toolName: string | undefined;
  /** The last message is a `tool` result. */
  afterToolResult: boolean;
  lastUserText: string;
  promptTokens: number;
}

type Output = { kind: 'text'; plan: AnswerPlan } | { kind: 'tool'; name: string };

const FINISH = { end: 'stop', length: 'length', stop: 'stop' } as const;
const MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', ...FAKE_SCENARIO_MODELS];

/** Starts a local server speaking OpenAI's wire format: chat completions, legacy completions, embeddings (scenarios: see index.ts). */
export function startFakeOpenAI(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  return startFakeServer(options, handle);
}

async function handle(ex: Exchange): Promise<void> {
  const key = ex.options.apiKey;
  const bearer = /^Bearer\s+(.+)$/i.exec(ex.headers['authorization'] ?? '')?.[1];
  let denied: object | undefined;
  if (key !== undefined && bearer === undefined) denied = openAIError(OPENAI_MESSAGES.noKey, 'invalid_request_error');
  else if (key !== undefined && bearer !== key) {
    const message = `Incorrect API key provided: ${maskKey(bearer ?? '')}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    denied = openAIError(message, 'invalid_request_error', null, 'invalid_api_key');
  }
  if (denied) return sendBody(ex.res, 401, openAIHeaders(ex.posts, 0, false), denied);
  if (ex.method === 'GET' && ex.path === '/v1/models') {
    const data = MODELS.map((id) => ({ id, object: 'model', created: 1721172741, owned_by: 'system' }));
    return sendBody(ex.res, 200, openAIHeaders(ex.posts, 0, ex.options.scenario === 'rate-limited', ex.options.rateLimitResetS), { object: 'list', data });
  }
  if (ex.method === 'POST' && ex.path === '/v1/chat/completions') return chat(ex);
  if (ex.method === 'POST' && ex.path === '/v1/completions') return completions(ex);
  if (ex.method === 'POST' && ex.path === '/v1/embeddings') return embeddings(ex);
  sendBody(ex.res, 404, openAIHeaders(ex.posts, 0, false), openAIError(`Invalid URL (${ex.method} ${ex.path})`, 'invalid_request_error'));
}

function parseChat(body: unknown, invalidJson: boolean): ChatRequest | object {
  if (invalidJson || !isRecord(body)) return openAIError(OPENAI_MESSAGES.badJson, 'invalid_request_error');
  const { model, messages, stream, stream_options: streamOptions, stop, tools } = body;
  if (typeof model !== 'string' || model === '') return openAIError('you must provide a model parameter', 'invalid_request_error');
  if (!Array.isArray(messages)) return openAIError("Missing required parameter: 'messages'.", 'invalid_request_error', 'messages', 'missing_required_parameter');
  if (stream !== true && streamOptions != null) {
    return openAIError("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request_error', 'stream_options');
  }
  const records = messages.filter(isRecord);
  const firstTool = Array.isArray(tools) && isRecord(tools[0]) && isRecord(tools[0]['function']) ? tools[0]['function']['name'] : undefined;
  return {
    model,
    stream: stream === true,
    includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
    obfuscate: !(isRecord(streamOptions) && streamOptions['include_obfuscation'] === false),
    maxTokens: nonNegativeInt(body['max_completion_tokens']) ?? nonNegativeInt(body['max_tokens']),
    stops: typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string') : [],
    toolName: typeof firstTool === 'string' ? firstTool : undefined,
    afterToolResult: records.at(-1)?.['role'] === 'tool',
    lastUserText: textOf(records.filter((m) => m['role'] === 'user').at(-1)?.['content']),
    promptTokens: records.reduce((sum, m) => sum + countWords(textOf(m['content'])), 0),
  };
}

function outputOf(req: ChatRequest, scenario: Scenario, chunks: number): Output {
  if (scenario === 'tool-model' && req.toolName !== undefined && !req.afterToolResult) return { kind: 'tool', name: req.toolName };
  const text = scenario === 'tool-model' && req.afterToolResult ? TOOL_RESULT_ANSWER : `Echo: ${req.lastUserText}`;
  const pieces = scenario === 'thousand' ? thousandPieces() : splitText(text, chunks);
  return { kind: 'text', plan: planAnswer(pieces, req.maxTokens, req.stops) };
}

async function chat(ex: Exchange): Promise<void> {
  const req = parseChat(ex.body, ex.invalidJson);
  if (!('model' in req)) return sendBody(ex.res, 400, openAIHeaders(ex.posts, 0, false), req);
  const scenario = ex.options.scenario ?? scenarioOf(req.model);
  const headers = openAIHeaders(ex.posts, req.promptTokens, scenario === 'rate-limited', ex.options.rateLimitResetS);
  const fail = (status: number, body: object): void => sendBody(ex.res, status, headers, body);
  const failure = failureOf(scenario, req.model, { message: OPENAI_MESSAGES.badMessages, param: 'messages' });
  if (failure) return fail(failure.status, failure.body);
  if (scenario === 'dies-mid-stream' && !req.stream) return void ex.res.socket?.destroy();
  if (scenario === 'error-mid-stream' && !req.stream) return fail(500, openAIError(OPENAI_MESSAGES.serverError, 'server_error'));
  if (scenario === 'malformed' && !req.stream) return sendBody(ex.res, 200, headers, '{"not":"what you expect"');
  if (scenario === 'stall') {
    ex.res.writeHead(200, { ...(req.stream ? SSE_HEADERS : { 'content-type': 'application/json' }), ...headers });
    ex.res.flushHeaders();
    return untilAborted(ex.signal);
  }
  const output = outputOf(req, scenario, ex.options.chunks ?? 5);
  if (req.stream) return streamChat(ex, req, scenario, output, headers);

  await sleep(scenario === 'slow' ? SLOW_CHUNK_MS : 0, ex.signal);
  if (ex.signal.aborted) return;
  const who = chatIdentity(req.model, false, false);
  if (output.kind === 'tool') {
    const call = { id: ids.toolCall(), type: 'function', function: { name: output.name, arguments: TOOL_ARGUMENT_FRAGMENTS.join('') } };
    const usage = openAIUsage(req.promptTokens, TOOL_ARGUMENT_FRAGMENTS.length);
    return sendBody(ex.res, 200, headers, chatCompletion(who, { content: null, tool_calls: [call] }, 'tool_calls', usage));
  }
  const usage = openAIUsage(req.promptTokens, output.plan.pieces.length);
  sendBody(ex.res, 200, headers, chatCompletion(who, { content: output.plan.pieces.join('') }, FINISH[output.plan.finish], usage));
}

async function streamChat(ex: Exchange, req: ChatRequest, scenario: Scenario, output: Output, headers: Record<string, string>): Promise<void> {
  ex.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  ex.res.flushHeaders();
  const sse = new SseWriter(ex.res, ex.signal, { gapMs: ex.options.chunkDelayMs ?? 0, beforeEachMs: scenario === 'slow' ? SLOW_CHUNK_MS : 0 });
  if (scenario === 'malformed') {
    if (await sse.send('{garbage')) await sse.send('[DONE]');
    return sse.end();
  }
  const who = chatIdentity(req.model, req.includeUsage, req.obfuscate);
  const send = (delta: object): Promise<boolean> => sse.json(chatChunk(who, [streamChoice(delta)]));
  let completionTokens: number = TOOL_ARGUMENT_FRAGMENTS.length;
  let finish: (typeof FINISH)[keyof typeof FINISH] | 'tool_calls' = 'tool_calls';
  if (output.kind === 'tool') {
    const first = { index: 0, id: ids.toolCall(), type: 'function', function: { name: output.name, arguments: '' } };
    if (!(await send({ role: 'assistant', content: null, tool_calls: [first], refusal: null }))) return;
    for (const fragment of TOOL_ARGUMENT_FRAGMENTS) {
      if (!(await send({ tool_calls: [{ index: 0, function: { arguments: fragment } }] }))) return;
    }
  } else {
    if (!(await send({ role: 'assistant', content: '', refusal: null }))) return;
    for (const piece of output.plan.pieces.slice(0, CUT_AFTER[scenario] ?? Infinity)) {
      if (!(await send({ content: piece }))) return;
    }
    if (scenario === 'dies-mid-stream') return sse.cut();
    if (scenario === 'error-mid-stream') {
      await sse.json(openAIError(OPENAI_MESSAGES.serverError, 'server_error'));
      return sse.end();
    }
    completionTokens = output.plan.pieces.length;
    finish = FINISH[output.plan.finish];
  }
  if (!(await sse.json(chatChunk(who, [streamChoice({}, finish)])))) return;
  if (req.includeUsage && !(await sse.json(chatChunk(who, [], openAIUsage(req.promptTokens, completionTokens))))) return;
  if (await sse.send('[DONE]')) sse.end();
}
