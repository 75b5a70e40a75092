import { mapAnthropicStopReason, type AnthropicFinishReason } from './map-anthropic-stop-reason';

describe('mapAnthropicStopReason', () => {
  it.each<[string | null | undefined, AnthropicFinishReason]>([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['pause_turn', 'stop'],
    ['refusal', 'content_filter'],
    [null, 'stop'],
    [undefined, 'stop'],
    ['something_new', 'stop'],
  ])('maps %s to %s', (stopReason, finishReason) => {
    expect(mapAnthropicStopReason(stopReason)).toBe(finishReason);
  });
});
