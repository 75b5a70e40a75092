import type { ChatHistoryItem, LlamaChat, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { planTokenBudget, type LlamaGenerationInput } from '@switchyard/providers-llama';
import { EventChannel } from './event-channel';
import type { EngineEvent, LoadedModel, ModelInfo } from './inference-engine';
import { toLlamaSamplingOptions } from './llama-generation-options';

/** One llama.cpp sequence and the chat that renders prompts on it. */
export interface LlamaSlot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

/**
 * A GGUF model with one context of `concurrency` sequences. Each generation takes a free sequence;
 * node-llama-cpp keeps what the sequence already evaluated, so a prompt that shares a prefix with
 * the previous one on that sequence (a growing conversation) is not evaluated again.
 */
export class LlamaLoadedModel implements LoadedModel {
  private readonly free: LlamaSlot[];

  constructor(
    readonly info: ModelInfo,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    slots: LlamaSlot[],
  ) {
    this.free = [...slots];
  }

  async *generate(input: LlamaGenerationInput, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const slot = this.free.pop();
    if (!slot) throw new Error(`model ${this.info.name}: more than ${this.info.concurrency} generations at once`);
    try {
      yield* this.run(slot, input, signal);
    } finally {
      this.free.push(slot);
    }
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }

  /** Tokens of the prompt exactly as the model sees it: chat template, special tokens and all. */
  private promptTokens(slot: LlamaSlot, history: ChatHistoryItem[]): number {
    const { contextText } = slot.chat.chatWrapper.generateContextState({ chatHistory: history });
    return contextText.tokenize(this.model.tokenizer).length;
  }

  private async *run(slot: LlamaSlot, input: LlamaGenerationInput, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    // An empty model turn last: the answer is a new assistant message, as with OpenAI.
    const history: ChatHistoryItem[] = [...input.history, { type: 'model', response: [] }];
    const promptTokens = this.promptTokens(slot, history);
    const budget = planTokenBudget(promptTokens, this.info.contextLength, input.maxTokens);
    if (!budget.ok) {
      yield { type: 'context_length_exceeded', promptTokens, message: budget.message };
      return;
    }
    yield { type: 'start', promptTokens, maxTokens: budget.maxTokens };

    const meter = slot.sequence.tokenMeter.getState();
    const generated = (): number => slot.sequence.tokenMeter.diff(meter).usedOutputTokens;
    const stop = new AbortController();
    const forwardAbort = (): void => stop.abort();
    signal.addEventListener('abort', forwardAbort, { once: true });
    if (signal.aborted) stop.abort();

    const events = new EventChannel<EngineEvent>();
    const finished = slot.chat
      .generateResponse(history, {
        ...toLlamaSamplingOptions(input, budget.maxTokens),
        signal: stop.signal,
        stopOnAbortSignal: true,
        onTextChunk: (text) => {
          if (text !== '') events.push({ type: 'text', text, completionTokens: generated() });
        },
      })
      .then(
        (response) => response.metadata.stopReason,
        (error: unknown) => {
          // Aborted before the first token: node-llama-cpp throws instead of returning.
          if (stop.signal.aborted) return 'abort';
          throw error;
        },
      )
      .then(
        (stopReason) => events.close({ type: 'end', stopReason, completionTokens: generated() }),
        (error: unknown) => events.fail(error),
      );
    try {
      yield* events;
    } finally {
      signal.removeEventListener('abort', forwardAbort);
      stop.abort();
      await finished;
    }
  }
}
