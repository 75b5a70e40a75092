import { encodeJson, encodeText } from '@switchyard/nats';
import { decodeInferenceRequest } from './decode-inference-request';

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

  it('checks the envelope and passes the body on as it came: the gateway validated it', () => {
    const body = { model: 'local:stories260k', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.5, top_k: 40 };
    expect(decodeInferenceRequest(encodeJson({ ...valid, body }))).toEqual({ ok: true, request: { ...valid, body } });
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['bytes that are not JSON', encodeText('{nope'), /invalid inference request/],
    ['a missing request id', encodeJson({ ...valid, requestId: undefined }), /requestId/],
    ['an unknown kind', encodeJson({ ...valid, kind: 'images' }), /kind/],
    ['a body without a model', encodeJson({ ...valid, body: { messages: [] } }), /body\.model/],
    ['no deadline', encodeJson({ ...valid, deadline: undefined }), /deadline/],
  ])('refuses %s as invalid_request', (_name, data, message) => {
    const result = decodeInferenceRequest(data);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ type: 'error', code: 'invalid_request', retryable: false }) });
    if (!result.ok) expect(result.error.message).toMatch(message);
  });
});
