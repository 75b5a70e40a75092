import { type AnswerPlan, CUT_AFTER, nonNegativeInt, planAnswer, type Scenario, scenarioOf, SLOW_CHUNK_MS, thousandPieces } from './answer';
import { failureOf } from './openai-failures';
import { joinLogprobs, type LegacyLogprobs, legacyLogprobs, type TextChoice, textCompletion, textIdentity, textUsage } from './openai-text-wire';
import { OPENAI_MESSAGES, openAIError, openAIHeaders } from './openai-wire';
import { type Exchange, sendBody, sleep, untilAborted } from './server';
import { SSE_HEADERS, SseWriter } from './sse';
import { countWords, isRecord, splitText } from './text';

/** What the fake reads from a text completion request. */
interface CompletionRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  /** `max_tokens`, 16 when absent (OpenAI's default for completions). */
  maxTokens: number;
  stops: string[];
  n: number;
  echo: boolean;
  /** `logprobs`: how many alternatives per token; undefined when none are asked. */
  logprobs: number | undefined;
  /** The prompts as text (token ids joined with spaces). */
  prompts: string[];
  promptTokens: number;
}

/** One choice to answer: its index, the prompt it continues, what is generated. */
interface Choice {
  index: number;
  prompt: string;
  plan: AnswerPlan;
}

const FINISH = { end: 'stop', length: 'length', stop: 'stop' } as const;
const BAD_PROMPT = "'$.prompt' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

const isTokenIds = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((id) => nonNegativeInt(id) !== undefined);

/** The prompts of `prompt` (string, strings, token ids, lists of token ids), or undefined when it is none of those. */
function promptsOf(prompt: unknown): string[] | undefined {
  if (typeof prompt === 'string') return [prompt];
  if (isTokenIds(prompt)) return [prompt.join(' ')];
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((p) => typeof p === 'string')) return prompt;
  if (Array.isArray(prompt) && prompt.length > 0 && prompt.every(isTokenIds)) return prompt.map((ids) => ids.join(' '));
  return undefined;
}

function parseCompletion(body: unknown, invalidJson: boolean): CompletionRequest | object {
  if (invalidJson || !isRecord(body)) return openAIError(OPENAI_MESSAGES.badJson, 'invalid_request_error');
  const { model, prompt, stream, stream_options: streamOptions, stop, logprobs } = body;
  if (typeof model !== 'string' || model === '') return openAIError('you must provide a model parameter', 'invalid_request_error');
  const prompts = promptsOf(prompt);
  if (!prompts) return openAIError(BAD_PROMPT, 'invalid_request_error', 'prompt');
  if (stream !== true && streamOptions != null) {
    return openAIError("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request_error', 'stream_options');
  }
  return {
    model,
    stream: stream === true,
    includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
    maxTokens: nonNegativeInt(body['max_tokens']) ?? 16,
    stops: typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string') : [],
    n: nonNegativeInt(body['n']) || 1,
    echo: body['echo'] === true,
    logprobs: nonNegativeInt(logprobs),
    prompts,
    promptTokens: prompts.reduce((sum, p) => sum + countWords(p), 0),
  };
}

/** Every choice: for each prompt, `n` identical answers `Echo: <prompt>`; indexes prompt by prompt, as OpenAI numbers them. */
function choicesOf(req: CompletionRequest, scenario: Scenario, chunks: number): Choice[] {
  return req.prompts.flatMap((prompt, p) => {
    const pieces = scenario === 'thousand' ? thousandPieces() : splitText(`Echo: ${prompt}`, chunks);
    const plan = planAnswer(pieces, req.maxTokens, req.stops);
    return Array.from({ length: req.n }, (_, i) => ({ index: p * req.n + i, prompt, plan }));
  });
}

/** The logprobs of a choice's echoed prompt (when echoing), then of its generated pieces `from`…`to`. */
function logprobsOf(req: CompletionRequest, choice: Choice, from: number, to: number, withEcho: boolean): LegacyLogprobs | null {
  if (req.logprobs === undefined) return null;
  const generated = choice.plan.pieces.slice(from, to);
  const offset = choice.prompt.length + choice.plan.pieces.slice(0, from).join('').length;
  const parts = [legacyLogprobs(generated, offset, from, req.logprobs, false)];
  if (withEcho) parts.unshift(legacyLogprobs([choice.prompt], 0, 0, req.logprobs, true));
  return joinLogprobs(parts);
}

/**
 * `POST /v1/completions` (legacy text completions): for each prompt, `n` choices answering
 * `Echo: <prompt>` in `chunks` pieces (max_tokens, 16 by default, and stop honoured; `echo` prepends
 * the prompt; `logprobs` adds legacy log probabilities), whole or streamed as `text_completion` chunks
 * ending in `[DONE]`, with a usage chunk when `stream_options.include_usage` is set. Scenarios as for chat.
 */
export async function completions(ex: Exchange): Promise<void> {
  const req = parseCompletion(ex.body, ex.invalidJson);
  if (!('prompts' in req)) return sendBody(ex.res, 400, openAIHeaders(ex.posts, 0, false), req);
  const scenario = ex.options.scenario ?? scenarioOf(req.model);
  const headers = openAIHeaders(ex.posts, req.promptTokens, scenario === 'rate-limited', ex.options.rateLimitResetS);
  const failure = failureOf(scenario, req.model, { message: BAD_PROMPT, param: 'prompt' });
  if (failure) return sendBody(ex.res, failure.status, headers, failure.body);
  if (scenario === 'dies-mid-stream' && !req.stream) return void ex.res.socket?.destroy();
  if (scenario === 'error-mid-stream' && !req.stream) return sendBody(ex.res, 500, headers, openAIError(OPENAI_MESSAGES.serverError, 'server_error'));
  if (scenario === 'malformed' && !req.stream) return sendBody(ex.res, 200, headers, '{"not":"what you expect"');
  if (scenario === 'stall') {
    ex.res.writeHead(200, { ...(req.stream ? SSE_HEADERS : { 'content-type': 'application/json' }), ...headers });
    ex.res.flushHeaders();
    return untilAborted(ex.signal);
  }
  const choices = choicesOf(req, scenario, ex.options.chunks ?? 5);
  const usage = textUsage(req.promptTokens, choices.reduce((sum, c) => sum + c.plan.pieces.length, 0));
  if (req.stream) return streamCompletion(ex, req, scenario, choices, headers, usage);

  await sleep(scenario === 'slow' ? SLOW_CHUNK_MS : 0, ex.signal);
  if (ex.signal.aborted) return;
  const whole = choices.map((c): TextChoice => ({
    text: (req.echo ? c.prompt : '') + c.plan.pieces.join(''),
    index: c.index,
    logprobs: logprobsOf(req, c, 0, c.plan.pieces.length, req.echo),
    finish_reason: FINISH[c.plan.finish],
  }));
  sendBody(ex.res, 200, headers, textCompletion(textIdentity(req.model, false), whole, usage));
}

async function streamCompletion(ex: Exchange, req: CompletionRequest, scenario: Scenario, choices: Choice[], headers: Record<string, string>, usage: ReturnType<typeof textUsage>): Promise<void> {
  ex.res.writeHead(200, { ...SSE_HEADERS, ...headers });
  ex.res.flushHeaders();
  const sse = new SseWriter(ex.res, ex.signal, { gapMs: ex.options.chunkDelayMs ?? 0, beforeEachMs: scenario === 'slow' ? SLOW_CHUNK_MS : 0 });
  if (scenario === 'malformed') {
    if (await sse.send('{garbage')) await sse.send('[DONE]');
    return sse.end();
  }
  const who = textIdentity(req.model, req.includeUsage);
  const send = (choice: TextChoice): Promise<boolean> => sse.json(textCompletion(who, [choice]));
  if (req.echo) {
    for (const c of choices) if (!(await send({ text: c.prompt, index: c.index, logprobs: logprobsOf(req, c, 0, 0, true), finish_reason: null }))) return;
  }
  const longest = Math.min(Math.max(...choices.map((c) => c.plan.pieces.length)), CUT_AFTER[scenario] ?? Infinity);
  for (let k = 0; k < longest; k++) {
    for (const c of choices.filter((choice) => k < choice.plan.pieces.length)) {
      if (!(await send({ text: c.plan.pieces[k], index: c.index, logprobs: logprobsOf(req, c, k, k + 1, false), finish_reason: null }))) return;
    }
  }
  if (scenario === 'dies-mid-stream') return sse.cut();
  if (scenario === 'error-mid-stream') {
    await sse.json(openAIError(OPENAI_MESSAGES.serverError, 'server_error'));
    return sse.end();
  }
  for (const c of choices) if (!(await send({ text: '', index: c.index, logprobs: null, finish_reason: FINISH[c.plan.finish] }))) return;
  if (req.includeUsage && !(await sse.json(textCompletion(who, [], usage)))) return;
  if (await sse.send('[DONE]')) sse.end();
}
