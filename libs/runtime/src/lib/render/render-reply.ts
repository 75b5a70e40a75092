import type { ErrorPart, InferenceRequest, RenderSpec, StreamPart, UsagePart } from '@switchyard/contracts';
import { MessageAccumulator, MessageEventRenderer } from '@switchyard/dialect-anthropic';
import { ResponseAccumulator, responseEcho, ResponseEventRenderer, type ResponseEcho, type ResponsesRequest } from '@switchyard/dialect-responses';
import { ChatChunkRenderer } from './chat-chunks';
import { ChatCompletionAccumulator } from './chat-completion';
import { EmbeddingCollector } from './embedding-list';
import { TextChunkRenderer } from './text-chunks';
import { TextCompletionAccumulator } from './text-completion';

/** A piece of the client's answer, rendered: `json` is one chunk's JSON or the whole body's. */
export interface Rendered {
  type: 'rendered';
  /** True when it carries generated output (text, tool calls, a refusal, embeddings). */
  output: boolean;
  json: string;
}

/** What a worker sends for a rendered request: the control parts (start, usage, error) around the rendered answer. */
export type RenderedReply = Rendered | StreamPart;

/** Renders one part of a stream as the events it becomes (none, one or more). */
type EventsOf = (part: StreamPart) => readonly Rendered[];

const NO_EVENTS: readonly Rendered[] = [];

/** A renderer of one chunk (or nothing) per part, as `EventsOf`. */
function chunkEvents(chunks: { render(part: StreamPart): string | undefined }): EventsOf {
  return (part) => {
    const json = chunks.render(part);
    return json === undefined ? NO_EVENTS : [{ type: 'rendered', output: carriesOutput(part), json }];
  };
}

/** A dialect's renderer of several events per part (each its JSON and output flag), as `EventsOf`. */
function dialectEvents(events: { render(part: StreamPart): ReadonlyArray<{ json: string; output: boolean }> }): EventsOf {
  return (part) => events.render(part).map((event) => ({ type: 'rendered', output: event.output, json: event.json }));
}


/** Gathers a whole answer. */
interface Accumulator {
  add(part: StreamPart): void;
  result(): { ok: true; body: object } | { ok: false; error: ErrorPart };
}

/** True for a part that carries generated output: a delta with text, tool calls or a refusal, or an embedding. */
export function carriesOutput(part: StreamPart): boolean {
  if (part.type === 'embedding') return true;
  return part.type === 'delta' && (part.text !== '' || (part.toolCalls?.length ?? 0) > 0 || (part.refusal ?? '') !== '');
}

/** Renders one request's parts, one at a time: what each part becomes, in order. */
export interface ReplyRenderer {
  /** What `part` becomes (often nothing yet, for an answer sent whole). */
  add(part: StreamPart): readonly RenderedReply[];
  /** What follows the last part. */
  end(): readonly RenderedReply[];
}

const NOTHING: readonly RenderedReply[] = [];

/**
 * A renderer of a request's parts as the client will get them, by `spec`. Streamed: the start part, then
 * each part's chunk as it comes, the usage part last (after its usage chunk, when asked for). Whole: the
 * start part, then at the end the whole body and the usage part, or the error that ended it (one that
 * came, or the answer being incomplete). Error parts pass as they are, streamed after what the dialect renders of them.
 */
export function replyRenderer(spec: RenderSpec, request?: Pick<InferenceRequest, 'native'>): ReplyRenderer {
  switch (spec.format) {
    case 'chat.completion.chunk':
      return new StreamRenderer(chunkEvents(new ChatChunkRenderer(spec.id, spec.created, spec.includeUsage, spec.continuation)));
    case 'text_completion.chunk':
      return new StreamRenderer(chunkEvents(new TextChunkRenderer(spec.id, spec.created, spec.includeUsage)));
    case 'anthropic.message.stream':
      return new StreamRenderer(dialectEvents(new MessageEventRenderer(spec.id)));
    case 'anthropic.message':
      return new WholeRenderer(new MessageAccumulator(spec.id));
    case 'openai.response.stream':
      return new StreamRenderer(dialectEvents(new ResponseEventRenderer(spec.id, spec.created, echoOf(request))));
    case 'openai.response':
      return new WholeRenderer(new ResponseAccumulator(spec.id, spec.created, echoOf(request)));
    case 'chat.completion':
      return new WholeRenderer(new ChatCompletionAccumulator(spec.id, spec.created));
    case 'text_completion':
      return new WholeRenderer(new TextCompletionAccumulator(spec.id, spec.created));
    case 'embedding.list':
      return new WholeRenderer(new EmbeddingCollector(spec.inputs, spec.encoding));
  }
}

/** What a Response repeats of its request: from the client's own body (validated at the gateway). */
function echoOf(request: Pick<InferenceRequest, 'native'> | undefined): ResponseEcho {
  const body = request?.native?.dialect === 'openai.responses' ? request.native.body : { model: '', input: '' };
  return responseEcho(body as ResponsesRequest);
}

/** `replyRenderer` over a stream of parts. */
export async function* renderReply(spec: RenderSpec, parts: AsyncIterable<StreamPart>, request?: Pick<InferenceRequest, 'native'>): AsyncGenerator<RenderedReply> {
  const renderer = replyRenderer(spec, request);
  for await (const part of parts) yield* renderer.add(part);
  yield* renderer.end();
}

class StreamRenderer implements ReplyRenderer {
  constructor(private readonly eventsOf: EventsOf) {}

  add(part: StreamPart): readonly RenderedReply[] {
    const rendered = this.eventsOf(part);
    if (part.type === 'start') return [part, ...rendered];
    if (part.type === 'usage') return [...rendered, part];
    // A dialect may render a last event of its own for the failure (the Responses API's `response.failed`).
    if (part.type === 'error') return [...rendered, part];
    return rendered;
  }

  end(): readonly RenderedReply[] {
    return NOTHING;
  }
}

class WholeRenderer implements ReplyRenderer {
  private usage: UsagePart | undefined;
  private failed = false;

  constructor(private readonly accumulator: Accumulator) {}

  add(part: StreamPart): readonly RenderedReply[] {
    if (this.failed) return NOTHING;
    if (part.type === 'error') this.failed = true;
    else if (part.type === 'usage') this.usage = part;
    this.accumulator.add(part);
    return part.type === 'start' || part.type === 'error' ? [part] : NOTHING;
  }

  end(): readonly RenderedReply[] {
    if (this.failed) return NOTHING;
    const result = this.accumulator.result();
    if (!result.ok) return [result.error];
    const body: Rendered = { type: 'rendered', output: true, json: JSON.stringify(result.body) };
    return this.usage ? [body, this.usage] : [body];
  }
}
