import { InferenceEnvelopeSchema } from './inference-request';

const request = {
  requestId: 'req_1',
  kind: 'chat',
  deadline: Date.now() + 60_000,
  body: { model: 'auto', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2, top_k: 40 },
};

describe('InferenceEnvelopeSchema (what a hop checks)', () => {
  it('passes the body on as it came, every field kept', () => {
    expect(InferenceEnvelopeSchema.parse(request)).toEqual(request);
  });

  it.each([
    ['a body without a model', { ...request, body: { messages: [] } }],
    ['an unknown kind', { ...request, kind: 'images' }],
    ['no deadline', { ...request, deadline: undefined }],
    ['an unknown policy', { ...request, policy: 'random' }],
  ])('refuses %s', (_name, value) => {
    expect(InferenceEnvelopeSchema.safeParse(value).success).toBe(false);
  });
});
