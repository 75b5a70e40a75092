import { gatheredInOrder, gatherToolCall, unfinishedAnswer, type DeltaPart, type ErrorPart, type GatheredToolCall, type StreamPart } from '@switchyard/contracts';
import { usageOf, type ChatCompletion, type ChatCompletionChoice, type FinishReason, type ToolCall, type TokenLogprob } from '@switchyard/openai';

interface ChoiceState {
  text: string;
  refusal: string | null;
  toolCalls: Map<number, GatheredToolCall>;
  logprobs: TokenLogprob[] | null;
  finish: FinishReason | null;
}

/** Outcome of a non-streamed request: the completion, or the error that ended it. */
export type AccumulatedResult = { ok: true; body: ChatCompletion } | { ok: false; error: ErrorPart };

/** Gathers a whole stream of parts into one `chat.completion` object (the `model` label from the start part). */
export class ChatCompletionAccumulator {
  private readonly choices = new Map<number, ChoiceState>();
  private model = '';
  private usage = usageOf(0, 0);
  private error: ErrorPart | undefined;
  private started = false;

  constructor(
    private readonly id: string,
    private readonly created: number,
  ) {}

  add(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        this.started = true;
        this.model = part.model;
        return;
      case 'delta':
        this.addDelta(part);
        return;
      case 'finish':
        this.choice(part.index).finish = part.reason;
        return;
      case 'usage':
        this.usage = usageOf(part.promptTokens, part.completionTokens, { cachedTokens: part.cachedPromptTokens, reasoningTokens: part.reasoningTokens });
        return;
      case 'error':
        this.error = part;
        return;
    }
  }

  /** The completion; an error when one arrived or the stream ended before every choice finished. */
  result(): AccumulatedResult {
    if (this.error) return { ok: false, error: this.error };
    const unfinished = !this.started || this.choices.size === 0 || [...this.choices.values()].some((c) => c.finish === null);
    if (unfinished) {
      return { ok: false, error: unfinishedAnswer() };
    }
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    return {
      ok: true,
      body: {
        id: this.id,
        object: 'chat.completion',
        created: this.created,
        model: this.model,
        choices: indexes.map((index) => {
          const choice = this.choices.get(index) as ChoiceState;
          const toolCalls: ToolCall[] = gatheredInOrder(choice.toolCalls).map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
          const message: ChatCompletionChoice['message'] = {
            role: 'assistant',
            content: choice.text === '' && toolCalls.length > 0 ? null : choice.text,
            refusal: choice.refusal,
          };
          if (toolCalls.length > 0) message.tool_calls = toolCalls;
          return {
            index,
            message,
            logprobs: choice.logprobs ? { content: choice.logprobs, refusal: null } : null,
            finish_reason: choice.finish as FinishReason,
          };
        }),
        usage: this.usage,
      },
    };
  }

  private addDelta(part: DeltaPart): void {
    const choice = this.choice(part.index);
    choice.text += part.text;
    if (part.refusal !== undefined) choice.refusal = (choice.refusal ?? '') + part.refusal;
    if (part.logprobs) choice.logprobs = [...(choice.logprobs ?? []), ...part.logprobs];
    for (const fragment of part.toolCalls ?? []) gatherToolCall(choice.toolCalls, fragment);
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { text: '', refusal: null, toolCalls: new Map(), logprobs: null, finish: null };
      this.choices.set(index, state);
    }
    return state;
  }
}
