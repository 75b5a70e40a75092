import { conversationItems } from './input-items';

describe('conversationItems', () => {
  it('keeps a string input as one user message with an input_text part', () => {
    expect(conversationItems('Hello')).toEqual([{ id: expect.stringMatching(/^msg_[A-Za-z0-9]{24}$/), type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'Hello' }] }]);
  });

  it('keeps items typed and with ids: the client’s, or new ones; the assistant’s text as output_text', () => {
    const items = conversationItems([
      { role: 'system', content: 'Be brief.' },
      { type: 'message', id: 'msg_client', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'https://example.com/a.png' }] },
      { role: 'assistant', content: 'Let me look.' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
      { type: 'reasoning', id: 'rs_1', summary: [] },
    ]);
    expect(items).toEqual([
      { id: expect.stringMatching(/^msg_/), type: 'message', role: 'system', status: 'completed', content: [{ type: 'input_text', text: 'Be brief.' }] },
      { id: 'msg_client', type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'https://example.com/a.png' }] },
      { id: expect.stringMatching(/^msg_/), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }] },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
      { id: expect.stringMatching(/^fco_/), type: 'function_call_output', status: 'completed', call_id: 'call_1', output: 'sunny' },
      { id: 'rs_1', type: 'reasoning', summary: [] },
    ]);
  });
});
