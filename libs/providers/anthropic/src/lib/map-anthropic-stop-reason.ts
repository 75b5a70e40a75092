import type { FinishPart } from '@switchyard/contracts';

/** OpenAI's finish reasons an Anthropic message can end with. */
export type AnthropicFinishReason = Extract<FinishPart['reason'], 'stop' | 'length' | 'tool_calls' | 'content_filter'>;

/**
 * Maps Anthropic's `stop_reason` to OpenAI's `finish_reason`.
 * Reference: https://docs.anthropic.com/en/api/handling-stop-reasons
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): AnthropicFinishReason {
  switch (stopReason) {
    // The token budget (`max_tokens`) or the context window ran out: the text is cut.
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    // The model wants the client to run one or more tools.
    case 'tool_use':
      return 'tool_calls';
    // The model declined for safety reasons (Claude 4 streaming classifiers).
    case 'refusal':
      return 'content_filter';
    case 'end_turn': // the model finished its answer
    case 'stop_sequence': // one of the request's stop sequences appeared
    case 'pause_turn': // a long server-tool turn paused; what came so far is a complete answer
      return 'stop';
    // null (never set) or a reason added by a newer API version: the message ended on its own.
    default:
      return 'stop';
  }
}
