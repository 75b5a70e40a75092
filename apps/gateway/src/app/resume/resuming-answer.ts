import { type ErrorPart, type ReplyPart, type RouteResume, type StartPart } from '@switchyard/contracts';
import { estimatePromptTokens, finalText, type ChatCompletionRequest, type ChatMessage } from '@switchyard/openai';
import type { InferenceJob, RequestContext } from '../inference/inference.client';
import { StreamTranscript, type Transcript } from './stream-transcript';

/** A streamed chat completion, the only answer that can be resumed. */
export type ChatStreamJob = InferenceJob & { kind: 'chat'; body: ChatCompletionRequest; render: { format: 'chat.completion.chunk' } };

/** True for a streamed chat completion with one choice: the answers `resumingAnswer` can carry on. */
export function isResumable(job: InferenceJob): job is ChatStreamJob {
  return job.kind === 'chat' && job.render.format === 'chat.completion.chunk' && 'messages' in job.body && (job.body.n ?? 1) === 1;
}

/** Runs a job and yields the parts of its answer (the gateway's `InferenceClient`). */
export type RunJob = (job: InferenceJob, context: RequestContext, signal: AbortSignal) => AsyncIterable<ReplyPart>;

/** A streamed answer that may go on elsewhere: its parts, and what to say after the last chunk. */
export interface ResumingAnswer {
  parts: AsyncIterable<ReplyPart>;
  /** After a resume, the backends that answered (an SSE comment before `[DONE]`); undefined otherwise. */
  trailer(): string | undefined;
}

/**
 * The answer of `job`: resuming when `maxResumes` is given and the job is a streamed chat completion with one choice
 * (the client and the configuration allow it), else the plain run with no trailer.
 */
export function answerOf(job: InferenceJob, context: RequestContext, signal: AbortSignal, run: RunJob, maxResumes: number | undefined): ResumingAnswer {
  if (maxResumes !== undefined && isResumable(job)) return resumingAnswer(job, context, signal, run, maxResumes);
  return { parts: run(job, context, signal), trailer: () => undefined };
}

/** Failures after output began that another backend may make good: the backend, not the request, was the problem. */
const RESUMABLE: ReadonlySet<ErrorPart['code']> = new Set(['upstream_error', 'service_unavailable', 'backend_busy', 'timeout', 'internal_error', 'rate_limit_exceeded']);

/**
 * Runs a streamed chat completion so that it survives its backend: when the stream fails after its output began (an
 * upstream error or cut, a worker killed or gone silent), the conversation goes again to the router with the text the
 * client has so far as the start of the assistant's answer (`continue_final_message`), avoiding the worker that broke,
 * and the new backend's chunks continue the client's stream: no role chunk, the `model` label the client saw first,
 * the seam's whitespace once, the usage adding what the earlier backends spent (estimated: the prompt, and a token per
 * chunk of text). A stream in the middle of a tool call, one that had finished, or one resumed `maxResumes` times
 * ends with its error as before. The client's stream is never parsed unless it breaks (`StreamTranscript`).
 */
export function resumingAnswer(job: ChatStreamJob, context: RequestContext, signal: AbortSignal, run: RunJob, maxResumes: number): ResumingAnswer {
  const resumed: RouteResume[] = [];
  return {
    parts: resumingParts(job, context, signal, run, maxResumes, resumed),
    trailer: () => (resumed.length === 0 ? undefined : `switchyard-resumed: ${resumed.map((r) => `${r.from} (${r.code}) -> ${r.to}`).join('; ')}`),
  };
}

async function* resumingParts(
  job: ChatStreamJob,
  context: RequestContext,
  signal: AbortSignal,
  run: RunJob,
  maxResumes: number,
  resumed: RouteResume[],
): AsyncGenerator<ReplyPart> {
  const transcript = new StreamTranscript();
  const prior = { promptTokens: 0, completionTokens: 0 };
  let first: StartPart | undefined;
  /** The backend answering now; undefined while a continuation has not started. */
  let answering: StartPart | undefined;
  /** Where the stream broke, while its continuation has not started. */
  let broke: { from: StartPart; failure: ErrorPart } | undefined;
  let running: ChatStreamJob = job;
  for (;;) {
    let failure: ErrorPart | undefined;
    for await (const part of run(running, context, signal)) {
      if (part.type === 'start') {
        if (first === undefined) {
          first = answering = part;
          yield part;
          continue;
        }
        // A continuation: it answers under the first label, and the route says where the answer broke and went on.
        if (broke !== undefined) resumed.push({ from: broke.from.backend, to: part.backend, code: broke.failure.code });
        broke = undefined;
        answering = part;
        yield { ...part, model: first.model, route: first.route === undefined ? undefined : { ...first.route, resumed: [...resumed] } };
      } else if (part.type === 'rendered') {
        transcript.add(part.json);
        yield part;
      } else if (part.type === 'usage') {
        yield { ...part, promptTokens: part.promptTokens + prior.promptTokens, completionTokens: part.completionTokens + prior.completionTokens };
      } else {
        failure = part;
        break;
      }
    }
    if (failure === undefined) return;
    // A continuation that could not start: the client gets the error that broke its stream.
    if (broke !== undefined) return yield broke.failure;
    if (answering === undefined || signal.aborted || resumed.length >= maxResumes || !RESUMABLE.has(failure.code)) return yield failure;
    const next = continuationOf(job, running, transcript.read(), { from: answering, label: first?.model ?? answering.model }, prior);
    if (next === undefined) return yield failure;
    broke = { from: answering, failure };
    answering = undefined;
    running = next;
  }
}

/**
 * The job that goes on from what the client has (`said`), or undefined when it cannot: a tool call had begun, a choice
 * had finished, or the client's token limit is reached. The text so far, without its trailing whitespace (Anthropic
 * refuses a prefill that ends with some; the continuation's own leading whitespace is dropped instead), ends the
 * conversation as the assistant's; `prior` adds what the backend that broke spent. The continuation answers under
 * `label`, the `model` the client saw first.
 */
function continuationOf(
  job: ChatStreamJob,
  broken: ChatStreamJob,
  said: Transcript,
  { from, label }: { from: StartPart; label: string },
  prior: { promptTokens: number; completionTokens: number },
): ChatStreamJob | undefined {
  if (said.toolCalls || said.finished) return undefined;
  const body = job.body;
  const limit = body.max_completion_tokens ?? body.max_tokens;
  const left = limit === undefined ? undefined : limit - said.textChunks;
  if (left !== undefined && left < 1) return undefined;
  prior.promptTokens += estimatePromptTokens(broken.body);
  prior.completionTokens = said.textChunks;
  const prefill = said.text.trimEnd();
  const messages = withPrefill(body, prefill);
  const continued: ChatCompletionRequest = {
    ...body,
    messages,
    ...(messages === body.messages ? {} : { continue_final_message: true }),
    ...(left === undefined ? {} : body.max_completion_tokens !== undefined ? { max_completion_tokens: left } : { max_tokens: left }),
  };
  return {
    ...job,
    body: continued,
    avoid: [...(broken.avoid ?? []), from.workerId],
    render: { ...job.render, continuation: { model: label, trimLeading: prefill.length < said.text.length, prior: { ...prior } } },
  };
}

/** The conversation ending with `prefill` as the assistant's answer so far (after the client's own, when it continues one). */
function withPrefill(body: ChatCompletionRequest, prefill: string): ChatMessage[] {
  const last = body.messages[body.messages.length - 1];
  if (body.continue_final_message === true && last?.role === 'assistant') {
    return [...body.messages.slice(0, -1), { role: 'assistant', content: `${finalText(last.content) ?? ''}${prefill}` }];
  }
  // Nothing said yet: the request goes again as it was.
  if (prefill === '') return body.messages;
  return [...body.messages, { role: 'assistant', content: prefill }];
}
