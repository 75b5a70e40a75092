import type { ChatHistoryItem, ChatModelFunctions, LlamaChat, LlamaContextSequence, LlamaGrammar, TokenBias } from 'node-llama-cpp';
import type { LlamaSampling } from '@switchyard/providers-llama';
import { EventChannel } from './event-channel';
import type { EngineEvent } from './inference-engine';
import { toLlamaSamplingOptions } from './llama-generation-options';

/** One chat generation through node-llama-cpp's `LlamaChat`. */
export interface ChatGeneration {
  /** The conversation, ending with an empty model turn to fill. */
  history: ChatHistoryItem[];
  maxTokens: number;
  sampling: LlamaSampling;
  tokenBias: TokenBias | undefined;
  grammar: LlamaGrammar | undefined;
  /** Tools the model may call (never with a grammar), and how many calls one answer may make. */
  functions?: { functions: ChatModelFunctions; maxParallel: number | undefined };
}

/**
 * Generates a chat answer with `LlamaChat.generateResponse`, which applies the chat template's stop
 * triggers and keeps segments such as a reasoning model's thoughts out of the text. Its
 * `onTextChunk` callbacks become `text` events, its `onFunctionCall` callbacks `toolCall` events; one `end` follows.
 */
export async function* generateChat(
  slot: { sequence: LlamaContextSequence; chat: LlamaChat },
  generation: ChatGeneration,
  signal: AbortSignal,
): AsyncGenerator<EngineEvent> {
  const meter = slot.sequence.tokenMeter.getState();
  const generated = (): number => slot.sequence.tokenMeter.diff(meter).usedOutputTokens;
  const stop = new AbortController();
  const forwardAbort = (): void => stop.abort();
  signal.addEventListener('abort', forwardAbort, { once: true });
  if (signal.aborted) stop.abort();

  const events = new EventChannel<EngineEvent>();
  const common = {
    ...toLlamaSamplingOptions(generation.sampling, generation.maxTokens),
    tokenBias: generation.tokenBias,
    signal: stop.signal,
    stopOnAbortSignal: true,
    onTextChunk: (text: string) => {
      if (text !== '') events.push({ type: 'text', text, completionTokens: generated() });
    },
  };
  const tools = generation.functions;
  const response = tools
    ? slot.chat.generateResponse(generation.history, {
        ...common,
        functions: tools.functions,
        maxParallelFunctionCalls: tools.maxParallel,
        onFunctionCall: (call) => events.push({ type: 'toolCall', name: call.functionName, arguments: JSON.stringify(call.params ?? {}) }),
      })
    : slot.chat.generateResponse(generation.history, { ...common, grammar: generation.grammar });
  const finished = response
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
