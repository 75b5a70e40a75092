import { errorPart } from '@switchyard/contracts';
import { toHttpError } from '@switchyard/openai';
import { errorBodyFor, isMessagesPath, MESSAGES_DIALECT } from './messages-dialect';

describe('the Messages API over HTTP', () => {
  it('names each SSE event by the type its JSON starts with, without parsing it', () => {
    const json = Buffer.from('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}');
    expect(MESSAGES_DIALECT.sseEvent(json).toString()).toBe(`event: content_block_delta\ndata: ${json.toString()}\n\n`);
    expect(MESSAGES_DIALECT.sseDone).toBe('');
  });

  it('answers errors in Anthropic’s shape, mid-stream as an error event', () => {
    const error = MESSAGES_DIALECT.error(errorPart('backend_busy', 'All sequences are busy.'));
    expect(error).toEqual({ status: 503, body: { type: 'error', error: { type: 'overloaded_error', message: 'All sequences are busy.' } } });
    expect(MESSAGES_DIALECT.sseEvent(Buffer.from(JSON.stringify(error.body))).toString()).toMatch(/^event: error\ndata: \{"type":"error"/);
  });

  it.each([
    ['/v1/messages', true],
    ['/v1/messages/count_tokens?beta=true', true],
    ['/messages', true],
    ['/v1/chat/completions', false],
    ['/v1/messagesx', false],
  ])('%s is a Messages path: %s', (url, expected) => {
    expect(isMessagesPath(url)).toBe(expected);
    const { status, body } = toHttpError('invalid_api_key', 'Incorrect API key provided.');
    expect(errorBodyFor(url, status, body)).toEqual(expected ? { type: 'error', error: { type: 'authentication_error', message: 'Incorrect API key provided.' } } : body);
  });
});
