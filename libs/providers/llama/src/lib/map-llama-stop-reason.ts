import type { FinishPart } from '@switchyard/contracts';

/** OpenAI's finish reasons a local generation can end with. */
export type LlamaFinishReason = Extract<FinishPart['reason'], 'stop' | 'length' | 'tool_calls'>;

/**
 * Maps node-llama-cpp's `metadata.stopReason` of `LlamaChat.generateResponse` to OpenAI's
 * `finish_reason`. Reference: https://node-llama-cpp.withcat.ai/api/type-aliases/LlamaChatResponse
 * ("stopReason": eogToken | stopGenerationTrigger | customStopTrigger | functionCalls | maxTokens | abort).
 */
export function mapLlamaStopReason(stopReason: string): LlamaFinishReason {
  switch (stopReason) {
    // The token budget ran out: the text is cut.
    case 'maxTokens':
      return 'length';
    // The model emitted a function call (never enabled by the worker, mapped for completeness).
    case 'functionCalls':
      return 'tool_calls';
    case 'eogToken': // the model ended its turn (end-of-generation token)
    case 'stopGenerationTrigger': // the chat template's end-of-turn text appeared
    case 'customStopTrigger': // one of the request's `stop` sequences appeared
    case 'abort': // the caller aborted; nobody reads this reason, and it is no cut by length
      return 'stop';
    // A reason added by a newer node-llama-cpp: the generation ended on its own.
    default:
      return 'stop';
  }
}
