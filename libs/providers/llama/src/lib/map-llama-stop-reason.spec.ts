import { mapLlamaStopReason, type LlamaFinishReason } from './map-llama-stop-reason';

describe('mapLlamaStopReason', () => {
  it.each<[string, LlamaFinishReason]>([
    ['maxTokens', 'length'],
    ['eogToken', 'stop'],
    ['stopGenerationTrigger', 'stop'],
    ['customStopTrigger', 'stop'],
    ['abort', 'stop'],
    ['functionCalls', 'tool_calls'],
    ['somethingNew', 'stop'],
  ])('maps %s to %s', (stopReason, finishReason) => {
    expect(mapLlamaStopReason(stopReason)).toBe(finishReason);
  });
});
