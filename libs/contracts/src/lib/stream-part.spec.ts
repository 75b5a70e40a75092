import { StreamPartSchema, errorPart } from './stream-part';

describe('StreamPart', () => {
  it.each([
    ['start', { type: 'start', backend: 'local:stories260k', model: 'auto (selected: local:stories260k)', workerId: 'w1' }],
    ['delta', { type: 'delta', index: 0, text: 'Once' }],
    ['finish', { type: 'finish', index: 0, reason: 'length' }],
    ['usage', { type: 'usage', promptTokens: 12, completionTokens: 5 }],
    ['error', errorPart('backend_busy', 'all sequences busy', { retryable: true })],
  ])('accepts a %s part', (_name, part) => {
    expect(StreamPartSchema.parse(part)).toEqual(part);
  });

  it.each([
    ['unknown type', { type: 'chunk', text: 'x' }],
    ['negative index', { type: 'delta', index: -1, text: 'x' }],
    ['unknown finish reason', { type: 'finish', index: 0, reason: 'eos' }],
    ['unknown error code', { type: 'error', code: 'oops', message: 'x', param: null, retryable: false }],
    ['fractional token count', { type: 'usage', promptTokens: 1.5, completionTokens: 0 }],
  ])('rejects %s', (_name, part) => {
    expect(StreamPartSchema.safeParse(part).success).toBe(false);
  });

  it('fills defaults of an error part', () => {
    expect(errorPart('model_not_found', 'no such model')).toEqual({
      type: 'error',
      code: 'model_not_found',
      message: 'no such model',
      param: null,
      retryable: false,
    });
  });
});
