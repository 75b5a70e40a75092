import { ChatCompletionRequestSchema } from './chat-request.schema';
import { withoutOptionalNulls } from './nulls-as-unset';

const minimal = { model: 'auto', messages: [{ role: 'user', content: 'Hi' }] };

describe('withoutOptionalNulls', () => {
  it('returns a body without nulls as it is, not a copy', () => {
    const body = { ...minimal, temperature: 0.5, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] };
    expect(withoutOptionalNulls(ChatCompletionRequestSchema, body)).toBe(body);
  });

  it('drops the nulls of optional fields at every depth, and leaves the input untouched', () => {
    const body = {
      ...minimal,
      user: null,
      stream_options: { include_usage: null },
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,', detail: null } }], name: null }, { role: 'assistant', content: null, tool_calls: null }],
      response_format: { type: 'json_schema', json_schema: { name: 's', strict: null } },
    };
    const copy = structuredClone(body);
    expect(withoutOptionalNulls(ChatCompletionRequestSchema, body)).toEqual({
      model: 'auto',
      stream_options: {},
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }] }, { role: 'assistant' }],
      response_format: { type: 'json_schema', json_schema: { name: 's' } },
    });
    expect(body).toEqual(copy);
  });

  it('keeps nulls where a value is required, and inside free-form values', () => {
    const parameters = { type: 'object', properties: { a: { type: ['string', 'null'], default: null } } };
    const body = {
      model: null,
      messages: [{ role: 'function', name: 'f', content: null }, { role: 'user', content: null }],
      tools: [{ type: 'function', function: { name: 'f', parameters } }],
      metadata: { team: null },
    };
    expect(withoutOptionalNulls(ChatCompletionRequestSchema, body)).toEqual(body);
  });

  it('leaves what is not an object alone', () => {
    expect(withoutOptionalNulls(ChatCompletionRequestSchema, null)).toBeNull();
    expect(withoutOptionalNulls(ChatCompletionRequestSchema, [1])).toEqual([1]);
  });
});
