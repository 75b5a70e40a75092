import { randomId } from '@switchyard/openai';
import { unfinishedAnswer, type DeltaPart, type ErrorPart, type FinishPart, type StreamPart, type ToolCallDelta } from '@switchyard/contracts';
import { reasoningCarrier } from './reasoning-carrier';
import { responseObject, responseUsage, type ResponseEcho, type ResponseStatus } from './response-object';

/** One rendered stream event: its JSON (`type` first, which names the SSE event) and whether it carries output. */
export interface ResponseEvent {
  json: string;
  output: boolean;
}

interface MessageItem {
  kind: 'message';
  id: string;
  outputIndex: number;
  text: string;
  done: boolean;
}

interface CallItem {
  kind: 'call';
  id: string;
  outputIndex: number;
  callId: string;
  name: string;
  arguments: string;
  done: boolean;
}

/** Reasoning the backend showed (Anthropic's thinking), closed by its signature; a redacted block has only its data. */
interface ReasoningItem {
  kind: 'reasoning';
  id: string;
  outputIndex: number;
  text: string;
  /** `encrypted_content`: the signature or the redacted data, in `reasoningCarrier`'s form. */
  carrier: string | null;
  done: boolean;
}

type OutputItem = MessageItem | CallItem | ReasoningItem;

const TEXT_PART = { type: 'output_text', annotations: [], logprobs: [] } as const;

/** How an item is shown: as it opens (no content yet), finished, or cut short by a failure (what it had, `incomplete`). */
type Shown = 'opened' | 'done' | 'cut';

const STATUS: Record<Shown, string> = { opened: 'in_progress', done: 'completed', cut: 'incomplete' };

function messageJson(item: MessageItem, shown: Shown): Record<string, unknown> {
  const content = shown === 'opened' ? [] : [{ ...TEXT_PART, text: item.text }];
  return { id: item.id, type: 'message', status: STATUS[shown], role: 'assistant', content };
}

function callJson(item: CallItem, shown: Shown): Record<string, unknown> {
  return { id: item.id, type: 'function_call', status: STATUS[shown], call_id: item.callId, name: item.name, arguments: shown === 'opened' ? '' : item.arguments };
}

function reasoningJson(item: ReasoningItem, shown: Shown): Record<string, unknown> {
  const content = shown !== 'opened' && item.text !== '' ? [{ type: 'reasoning_text', text: item.text }] : [];
  return { id: item.id, type: 'reasoning', summary: [], content, encrypted_content: shown === 'opened' ? null : item.carrier, status: STATUS[shown] };
}

function itemJson(item: OutputItem, shown: Shown = item.done ? 'done' : 'opened'): Record<string, unknown> {
  if (item.kind === 'message') return messageJson(item, shown);
  return item.kind === 'call' ? callJson(item, shown) : reasoningJson(item, shown);
}

/** What a finish reason makes of the response. */
function statusOf(reason: FinishPart['reason'] | undefined): ResponseStatus {
  if (reason === 'length') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (reason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed' };
}

/**
 * Turns a worker's stream parts into the Responses API's stream events, numbered by `sequence_number` from 0:
 * `response.created` and `response.in_progress` at the start; for thinking a `reasoning` item (`output_item.added`,
 * `content_part.added`, `reasoning_text.delta`…, closed by its signature, which it keeps as `encrypted_content`; a
 * redacted block is an item of its own with only that); for text a `message` item (`output_item.added`,
 * `content_part.added`, `output_text.delta`…, then `output_text.done`, `content_part.done`, `output_item.done`); for
 * each tool call a `function_call` item (`output_item.added`, `function_call_arguments.delta`…, `.done`,
 * `output_item.done`); at the usage `response.completed`, or `response.incomplete` when the output hit its limit.
 * Only choice 0 exists (a Responses request has no `n`). An error after the start is `response.failed` (with the
 * output so far); the gateway then sends the `error` event, and answers an error before the start itself.
 */
export class ResponseEventRenderer {
  private sequence = 0;
  private model = '';
  private started = false;
  private readonly items: OutputItem[] = [];
  private message: MessageItem | undefined;
  private reasoning: ReasoningItem | undefined;
  private readonly calls = new Map<number, CallItem>();
  private finish: FinishPart['reason'] | undefined;
  /** The response as its last event showed it: what a whole answer sends. */
  last: Record<string, unknown> | undefined;

  constructor(
    private readonly id: string,
    private readonly createdAt: number,
    private readonly echo: ResponseEcho,
  ) {}

  render(part: StreamPart): ResponseEvent[] {
    switch (part.type) {
      case 'start': {
        if (this.started) return [];
        this.started = true;
        this.model = part.model;
        const response = this.response({ status: 'in_progress' }, null);
        return [this.event('response.created', { response }), this.event('response.in_progress', { response })];
      }
      case 'delta':
        return part.index === 0 ? this.delta(part) : [];
      case 'finish':
        if (part.index !== 0) return [];
        this.finish = part.reason;
        return this.closeAll();
      case 'usage': {
        const state = statusOf(this.finish);
        const response = this.response(state, responseUsage(part));
        this.last = response;
        return [...this.closeAll(), this.event(state.status === 'completed' ? 'response.completed' : 'response.incomplete', { response })];
      }
      case 'error':
        return this.started ? [this.failed(part)] : [];
      case 'embedding':
        return [];
    }
  }

  /** `response.failed`: the error, and the output so far (items cut short are `incomplete`). */
  private failed(part: ErrorPart): ResponseEvent {
    const error = { code: part.code === 'rate_limit_exceeded' ? ('rate_limit_exceeded' as const) : ('server_error' as const), message: part.message };
    const output = this.items.map((item) => itemJson(item, item.done ? 'done' : 'cut'));
    const response = responseObject({ id: this.id, createdAt: this.createdAt, model: this.model }, { status: 'failed', error }, output, null, this.echo);
    return this.event('response.failed', { response });
  }

  private delta(part: DeltaPart): ResponseEvent[] {
    const events: ResponseEvent[] = [];
    if (part.thinking !== undefined && part.thinking !== '') {
      const reasoning = this.reasoning ?? this.openReasoning(events);
      if (reasoning.text === '') {
        events.push(this.event('response.content_part.added', { item_id: reasoning.id, output_index: reasoning.outputIndex, content_index: 0, part: { type: 'reasoning_text', text: '' } }));
      }
      reasoning.text += part.thinking;
      events.push(this.event('response.reasoning_text.delta', { item_id: reasoning.id, output_index: reasoning.outputIndex, content_index: 0, delta: part.thinking }, true));
    }
    if (part.signature !== undefined) {
      const reasoning = this.reasoning ?? this.openReasoning(events);
      reasoning.carrier = reasoningCarrier({ signature: part.signature });
      events.push(...this.closeReasoning());
    }
    if (part.redactedThinking !== undefined) {
      events.push(...this.closeReasoning());
      this.openReasoning(events).carrier = reasoningCarrier({ redacted: part.redactedThinking });
      events.push(...this.closeReasoning());
    }
    const text = part.text + (part.refusal ?? '');
    if (text !== '') {
      const message = this.message ?? this.openMessage(events);
      message.text += text;
      events.push(this.event('response.output_text.delta', { item_id: message.id, output_index: message.outputIndex, content_index: 0, delta: text, logprobs: [] }, true));
    }
    for (const fragment of part.toolCalls ?? []) events.push(...this.callFragment(fragment));
    return events;
  }

  private openReasoning(events: ResponseEvent[]): ReasoningItem {
    const reasoning: ReasoningItem = { kind: 'reasoning', id: `rs_${randomId()}`, outputIndex: this.items.length, text: '', carrier: null, done: false };
    this.reasoning = reasoning;
    this.items.push(reasoning);
    events.push(this.event('response.output_item.added', { output_index: reasoning.outputIndex, item: itemJson(reasoning) }));
    return reasoning;
  }

  /** Ends the open reasoning item: its text, then the item. */
  private closeReasoning(): ResponseEvent[] {
    const reasoning = this.reasoning;
    if (!reasoning) return [];
    this.reasoning = undefined;
    return this.closeItem(reasoning);
  }

  private openMessage(events: ResponseEvent[]): MessageItem {
    events.push(...this.closeReasoning());
    const message: MessageItem = { kind: 'message', id: `msg_${randomId()}`, outputIndex: this.items.length, text: '', done: false };
    this.message = message;
    this.items.push(message);
    events.push(
      this.event('response.output_item.added', { output_index: message.outputIndex, item: itemJson(message) }),
      this.event('response.content_part.added', { item_id: message.id, output_index: message.outputIndex, content_index: 0, part: { ...TEXT_PART, text: '' } }),
    );
    return message;
  }

  private callFragment(fragment: ToolCallDelta): ResponseEvent[] {
    const events: ResponseEvent[] = [];
    let call = this.calls.get(fragment.index);
    if (!call) {
      events.push(...this.closeReasoning());
      call = { kind: 'call', id: `fc_${randomId()}`, outputIndex: this.items.length, callId: fragment.id ?? `call_${randomId()}`, name: fragment.name ?? '', arguments: '', done: false };
      this.calls.set(fragment.index, call);
      this.items.push(call);
      events.push(this.event('response.output_item.added', { output_index: call.outputIndex, item: itemJson(call) }));
    }
    if (fragment.arguments !== undefined && fragment.arguments !== '') {
      call.arguments += fragment.arguments;
      events.push(this.event('response.function_call_arguments.delta', { item_id: call.id, output_index: call.outputIndex, delta: fragment.arguments }, true));
    }
    return events;
  }

  /** Ends every open item, in output order. */
  private closeAll(): ResponseEvent[] {
    this.reasoning = undefined;
    return this.items.flatMap((item) => this.closeItem(item));
  }

  /** Ends one item (nothing when it has ended): its content's last events, then `output_item.done`. */
  private closeItem(item: OutputItem): ResponseEvent[] {
    if (item.done) return [];
    item.done = true;
    const where = { item_id: item.id, output_index: item.outputIndex, content_index: 0 };
    const events: ResponseEvent[] = [];
    if (item.kind === 'message') {
      events.push(
        this.event('response.output_text.done', { ...where, text: item.text, logprobs: [] }),
        this.event('response.content_part.done', { ...where, part: { ...TEXT_PART, text: item.text } }),
      );
    } else if (item.kind === 'call') {
      events.push(this.event('response.function_call_arguments.done', { item_id: item.id, output_index: item.outputIndex, name: item.name, arguments: item.arguments }));
    } else if (item.text !== '') {
      events.push(
        this.event('response.reasoning_text.done', { ...where, text: item.text }),
        this.event('response.content_part.done', { ...where, part: { type: 'reasoning_text', text: item.text } }),
      );
    }
    events.push(this.event('response.output_item.done', { output_index: item.outputIndex, item: itemJson(item) }));
    return events;
  }

  private response(state: ResponseStatus, usage: Record<string, unknown> | null): Record<string, unknown> {
    const output = this.items.filter((item) => item.done).map((item) => itemJson(item));
    return responseObject({ id: this.id, createdAt: this.createdAt, model: this.model }, state, output, usage, this.echo);
  }

  private event(type: string, fields: Record<string, unknown>, output = false): ResponseEvent {
    return { json: JSON.stringify({ type, ...fields, sequence_number: this.sequence++ }), output };
  }
}

/** Gathers a worker's parts into one Response object: the events' renderer run to its end, its last response kept. */
export class ResponseAccumulator {
  private readonly events: ResponseEventRenderer;
  private error: ErrorPart | undefined;

  constructor(id: string, createdAt: number, echo: ResponseEcho) {
    this.events = new ResponseEventRenderer(id, createdAt, echo);
  }

  add(part: StreamPart): void {
    if (part.type === 'error') this.error = part;
    else this.events.render(part);
  }

  /** The response; an error when one arrived or the answer ended before its usage. */
  result(): { ok: true; body: object } | { ok: false; error: ErrorPart } {
    if (this.error) return { ok: false, error: this.error };
    const last = this.events.last;
    return last ? { ok: true, body: last } : { ok: false, error: unfinishedAnswer() };
  }
}
