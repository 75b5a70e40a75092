import { unfinishedAnswer, type ErrorPart, type StreamPart } from '@switchyard/contracts';
import { usageOf, type CompletionFinishReason, type CompletionLogprobs, type CompletionUsage, type TextCompletion } from '@switchyard/openai';
import { appendLegacyLogprobs, emptyLegacyLogprobs } from './legacy-logprobs';

interface ChoiceState {
  text: string;
  logprobs: CompletionLogprobs | null;
  finish: CompletionFinishReason | null;
}

/** Outcome of a non-streamed text completion: the response, or the error that ended it. */
export type TextCompletionResult = { ok: true; body: TextCompletion } | { ok: false; error: ErrorPart };

/** Gathers a stream of parts into one `text_completion` object (the `model` label from the start part). */
export class TextCompletionAccumulator {
  private readonly choices = new Map<number, ChoiceState>();
  private model = '';
  private usage: CompletionUsage = usageOf(0, 0);
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
      case 'delta': {
        const choice = this.choice(part.index);
        if (part.logprobs) appendLegacyLogprobs((choice.logprobs ??= emptyLegacyLogprobs()), part.logprobs, choice.text.length);
        choice.text += part.text;
        return;
      }
      case 'finish':
        this.choice(part.index).finish = part.reason as CompletionFinishReason;
        return;
      case 'usage':
        this.usage = usageOf(part.promptTokens, part.completionTokens);
        return;
      case 'error':
        this.error = part;
        return;
      case 'embedding':
        return;
    }
  }

  /** The completion; an error when one arrived or the stream ended before every choice finished. */
  result(): TextCompletionResult {
    if (this.error) return { ok: false, error: this.error };
    if (!this.started || this.choices.size === 0 || [...this.choices.values()].some((c) => c.finish === null)) {
      return { ok: false, error: unfinishedAnswer() };
    }
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    return {
      ok: true,
      body: {
        id: this.id,
        object: 'text_completion',
        created: this.created,
        model: this.model,
        choices: indexes.map((index) => {
          const choice = this.choices.get(index) as ChoiceState;
          return { index, text: choice.text, logprobs: choice.logprobs, finish_reason: choice.finish };
        }),
        usage: this.usage,
      },
    };
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { text: '', logprobs: null, finish: null };
      this.choices.set(index, state);
    }
    return state;
  }
}
