import type { FinishPart } from '@switchyard/contracts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';

describe('mapOpenAIFinishReason', () => {
  it.each<[string, string | null | undefined, FinishPart['reason']]>([
    ['stop', 'stop', 'stop'],
    ['length', 'length', 'length'],
    ['tool_calls', 'tool_calls', 'tool_calls'],
    ['content_filter', 'content_filter', 'content_filter'],
    ['function_call', 'function_call', 'function_call'],
    ["Mistral's model_length", 'model_length', 'length'],
    ['null', null, 'stop'],
    ['absent', undefined, 'stop'],
    ['an unknown reason', 'eos_token', 'stop'],
  ])('maps %s', (_name, reason, expected) => {
    expect(mapOpenAIFinishReason(reason)).toBe(expected);
  });
});
