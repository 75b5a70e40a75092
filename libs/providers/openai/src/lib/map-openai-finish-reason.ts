import type { FinishPart } from '@switchyard/contracts';

/**
 * Maps an upstream `finish_reason` to OpenAI's vocabulary. OpenAI's own five pass through
 * (https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices);
 * compatible servers add their own, mapped where the meaning is clear.
 */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishPart['reason'] {
  switch (reason) {
    case 'stop': // natural end or a stop sequence
    case 'length': // max_tokens or the context ran out
    case 'tool_calls': // the model called tools
    case 'content_filter': // content was omitted by a filter
    case 'function_call': // legacy `functions`: the model called a function
      return reason;
    // Mistral's API: the model's context length was reached.
    case 'model_length':
      return 'length';
    // null (a server that reports none) or a reason added later: the choice ended on its own.
    default:
      return 'stop';
  }
}
