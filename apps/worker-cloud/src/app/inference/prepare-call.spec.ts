import type { Capability, InferenceRequest } from '@switchyard/contracts';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { adapterFor } from '../provider/adapter-for';
import type { CloudModel } from '../provider/resolved-provider';
import { prepareCall } from './prepare-call';

const common = { requestId: 'r1', deadline: Date.now() + 60_000 };
const CHAT: InferenceRequest = { ...common, kind: 'chat', body: { model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true } };
const COMPLETION: InferenceRequest = { ...common, kind: 'completion', body: { model: 'm', prompt: 'Say', stream: true } };
const COMPLETION_WHOLE: InferenceRequest = { ...common, kind: 'completion', body: { model: 'm', prompt: 'Say' } };
const EMBEDDINGS: InferenceRequest = { ...common, kind: 'embeddings', body: { model: 'm', input: ['a', 'b'], encoding_format: 'base64', dimensions: 8 } };

const model = (capabilities: Capability[]): CloudModel => ({ name: 'm', upstream: 'upstream-m', contextLength: 8192, capabilities });
const openai = adapterFor({ kind: 'openai', name: 'openai' });
const compatible = adapterFor({ kind: 'openai-compatible', name: 'vllm' });
const anthropic = adapterFor({ kind: 'anthropic', name: 'anthropic' });

describe('prepareCall', () => {
  it.each<[string, ProviderAdapter, InferenceRequest, Capability[], { path: string; streamed: boolean; body: Record<string, unknown> }]>([
    ['a streamed chat', openai, CHAT, ['chat'], { path: '/chat/completions', streamed: true, body: { model: 'upstream-m', stream: true } }],
    ['a streamed text completion', openai, COMPLETION, ['completions'], { path: '/completions', streamed: true, body: { model: 'upstream-m', prompt: 'Say', stream_options: { include_usage: true } } }],
    ['a whole text completion', compatible, COMPLETION_WHOLE, ['completions'], { path: '/completions', streamed: false, body: { model: 'upstream-m', stream: false } }],
    ['embeddings from OpenAI, as base64', openai, EMBEDDINGS, ['embeddings'], { path: '/embeddings', streamed: false, body: { model: 'upstream-m', encoding_format: 'base64', dimensions: 8 } }],
    ['embeddings from a compatible server, as floats', compatible, EMBEDDINGS, ['embeddings'], { path: '/embeddings', streamed: false, body: { encoding_format: 'float' } }],
    ['a chat to Anthropic', anthropic, CHAT, ['chat', 'tools'], { path: '/messages', streamed: true, body: { model: 'upstream-m', stream: true } }],
  ])('sends %s', (_name, adapter, request, capabilities, expected) => {
    const prepared = prepareCall(adapter, request, model(capabilities), 'p:m');
    if (!prepared.ok) throw new Error(prepared.error.message);
    expect(prepared.call.request.path).toBe(expected.path);
    expect(prepared.call.request.body).toMatchObject(expected.body);
    expect(prepared.call.createStreamConverter !== undefined).toBe(expected.streamed);
  });

  it.each<[string, ProviderAdapter, InferenceRequest, Capability[], string]>([
    ['a chat to an embedding model', openai, CHAT, ['embeddings'], "The model 'p:m' does not support chat completions."],
    ['a text completion to a chat model', openai, COMPLETION, ['chat', 'tools', 'json'], "The model 'p:m' does not support text completions."],
    ['embeddings to an instruct model', compatible, EMBEDDINGS, ['completions'], "The model 'p:m' does not support embeddings."],
    ['a text completion to Anthropic', anthropic, COMPLETION, ['chat', 'tools'], "The model 'p:m' does not support text completions."],
    ['embeddings to Anthropic, even if a model claimed them', anthropic, EMBEDDINGS, ['embeddings'], "The model 'p:m' does not support embeddings."],
  ])('refuses %s with a 400 naming model', (_name, adapter, request, capabilities, message) => {
    expect(prepareCall(adapter, request, model(capabilities), 'p:m')).toEqual({
      ok: false,
      error: { type: 'error', code: 'invalid_request', message, param: 'model', retryable: false },
    });
  });

  it('passes on an adapter’s own refusal', () => {
    const request: InferenceRequest = { ...CHAT, body: { ...CHAT.body, n: 2 } } as InferenceRequest;
    expect(prepareCall(anthropic, request, model(['chat']), 'p:m')).toEqual({ ok: false, error: expect.objectContaining({ code: 'unsupported_parameter', param: 'n' }) });
  });
});
