import { buildChatRequest, modelChoices, type PlaygroundForm } from './playground-request';

const form = (overrides: Partial<PlaygroundForm> = {}): PlaygroundForm => ({
  model: 'auto',
  policy: '',
  temperature: '',
  maxTokens: '',
  json: false,
  system: '',
  prompt: 'Tell me a story',
  ...overrides,
});

describe('playground request', () => {
  it('offers auto first, then the models sorted, once each', () => {
    expect(modelChoices(['openai:gpt-4o-mini', 'auto', 'local:stories260k', 'local:stories260k'])).toEqual(['auto', 'local:stories260k', 'openai:gpt-4o-mini']);
    expect(modelChoices([])).toEqual(['auto']);
  });

  it('asks for a stream with usage and leaves unset options out', () => {
    expect(buildChatRequest(form())).toEqual({
      request: {
        body: { model: 'auto', messages: [{ role: 'user', content: 'Tell me a story' }], stream: true, stream_options: { include_usage: true } },
        headers: {},
      },
    });
  });

  it('adds the system prompt, sampling options, JSON mode and the policy header', () => {
    const result = buildChatRequest(form({ system: 'Be brief', temperature: '0.7', maxTokens: '64', json: true, policy: 'cheapest' }));
    expect(result).toEqual({
      request: {
        body: {
          model: 'auto',
          messages: [
            { role: 'system', content: 'Be brief' },
            { role: 'user', content: 'Tell me a story' },
          ],
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0.7,
          max_tokens: 64,
          response_format: { type: 'json_object' },
        },
        headers: { 'x-switchyard-policy': 'cheapest' },
      },
    });
  });

  it('says what to fix', () => {
    expect(buildChatRequest(form({ prompt: '  ' }))).toEqual({ problem: 'Write a prompt.' });
    expect(buildChatRequest(form({ temperature: '3' }))).toHaveProperty('problem');
    expect(buildChatRequest(form({ temperature: 'warm' }))).toHaveProperty('problem');
    expect(buildChatRequest(form({ maxTokens: '1.5' }))).toHaveProperty('problem');
    expect(buildChatRequest(form({ maxTokens: '0' }))).toHaveProperty('problem');
    expect(buildChatRequest(form({ model: '' }))).toHaveProperty('problem');
    expect(buildChatRequest(form({ temperature: '0' }))).toHaveProperty('request.body.temperature', 0);
  });
});
