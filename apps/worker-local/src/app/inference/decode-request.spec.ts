import { encodeJson, encodeText } from '@switchyard/nats';
import { decodeInferenceRequest } from './decode-request';

const valid = {
  requestId: 'req-1',
  kind: 'chat',
  body: { model: 'local:stories260k', messages: [{ role: 'user', content: 'Hi' }] },
  deadline: Date.now() + 60_000,
  target: 'local:stories260k',
};

describe('decodeInferenceRequest', () => {
  it('accepts a valid request', () => {
    expect(decodeInferenceRequest(encodeJson(valid))).toEqual({ ok: true, request: valid });
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['bytes that are not JSON', encodeText('{nope'), /invalid inference request/],
    ['a missing request id', encodeJson({ ...valid, requestId: undefined }), /requestId/],
    ['an unknown kind', encodeJson({ ...valid, kind: 'images' }), /kind/],
    ['a kind whose body does not match', encodeJson({ ...valid, kind: 'embeddings' }), /body\.input/],
    ['a body without messages', encodeJson({ ...valid, body: { model: 'x' } }), /body\.messages/],
  ])('refuses %s as invalid_request', (_name, data, message) => {
    const result = decodeInferenceRequest(data);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ type: 'error', code: 'invalid_request', retryable: false }) });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});
