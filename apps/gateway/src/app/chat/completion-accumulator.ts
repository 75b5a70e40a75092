import type { ErrorPart, StreamPart } from '@switchyard/contracts';
import { usageOf, type ChatCompletion, type FinishReason } from '@switchyard/openai';

interface ChoiceState {
  text: string;
  finish: FinishReason | null;
}

/** Outcome of a non-streamed request: the completion, or the error that ended it. */
export type AccumulatedResult = { ok: true; completion: ChatCompletion } | { ok: false; error: ErrorPart };

/** Gathers a whole stream of parts into one `chat.completion` object. */
export class CompletionAccumulator {
  private readonly choices = new Map<number, ChoiceState>();
  private model: string;
  private usage = usageOf(0, 0);
  private error: ErrorPart | undefined;
  private started = false;

  constructor(
    private readonly id: string,
    private readonly created: number,
    requestedModel: string,
  ) {
    this.model = requestedModel;
  }

  add(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        this.started = true;
        this.model = part.model;
        return;
      case 'delta':
        this.choice(part.index).text += part.text;
        return;
      case 'finish':
        this.choice(part.index).finish = part.reason;
        return;
      case 'usage':
        this.usage = usageOf(part.promptTokens, part.completionTokens);
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
      return {
        ok: false,
        error: { type: 'error', code: 'upstream_error', message: 'The backend ended the response before it finished.', param: null, retryable: false },
      };
    }
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    return {
      ok: true,
      completion: {
        id: this.id,
        object: 'chat.completion',
        created: this.created,
        model: this.model,
        choices: indexes.map((index) => {
          const choice = this.choices.get(index) as ChoiceState;
          return {
            index,
            message: { role: 'assistant', content: choice.text, refusal: null },
            logprobs: null,
            finish_reason: choice.finish as FinishReason,
          };
        }),
        usage: this.usage,
      },
    };
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { text: '', finish: null };
      this.choices.set(index, state);
    }
    return state;
  }
}
