import { ANTHROPIC_STREAM_EVENT_TYPES, AnthropicStreamEventSchema } from './anthropic-wire.schema';

describe('AnthropicStreamEventSchema', () => {
  it('knows the documented event types', () => {
    expect([...ANTHROPIC_STREAM_EVENT_TYPES].sort()).toEqual(
      ['content_block_delta', 'content_block_start', 'content_block_stop', 'error', 'message_delta', 'message_start', 'message_stop', 'ping'],
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ['a text delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }],
    ['a JSON delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } }],
    ['a thinking delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm' } }],
    ['a delta kind added later', { type: 'content_block_delta', index: 0, delta: { type: 'future_delta', data: 1 } }],
    ['a message_delta with only output tokens', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } }],
    ['a message_start with extra fields', { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 1, output_tokens: 1, service_tier: 'standard' } } }],
    ['an error event', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
  ])('accepts %s', (_name, event) => {
    expect(AnthropicStreamEventSchema.safeParse(event).success).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a text delta without text', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta' } }],
    ['a JSON delta without partial_json', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta' } }],
    ['a delta without an index', { type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } }],
    ['a message_delta without output tokens', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 3 } }],
    ['a message_start without usage', { type: 'message_start', message: { id: 'msg_1' } }],
    ['an error event without a message', { type: 'error', error: { type: 'api_error' } }],
  ])('refuses %s', (_name, event) => {
    expect(AnthropicStreamEventSchema.safeParse(event).success).toBe(false);
  });
});
