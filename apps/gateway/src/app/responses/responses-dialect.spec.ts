import { errorPart } from '@switchyard/contracts';
import { RESPONSES_DIALECT } from './responses-dialect';

describe('the Responses API over HTTP', () => {
  it('names each event by its type and ends a stream with no marker', () => {
    const json = Buffer.from('{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","sequence_number":4}');
    expect(RESPONSES_DIALECT.sseEvent(json).toString()).toBe(`event: response.output_text.delta\ndata: ${json.toString()}\n\n`);
    expect(RESPONSES_DIALECT.sseDone).toBe('');
  });

  it('answers errors in OpenAI’s shape, and numbers an error event after the events written before it', () => {
    const part = errorPart('upstream_error', 'The backend failed mid-stream.');
    expect(RESPONSES_DIALECT.error(part)).toEqual({ status: 502, body: { error: { message: 'The backend failed mid-stream.', type: 'server_error', param: null, code: 'upstream_error' } } });
    expect(RESPONSES_DIALECT.sseError?.(part, 7).toString()).toBe(
      'event: error\ndata: {"type":"error","code":"upstream_error","message":"The backend failed mid-stream.","param":null,"sequence_number":7}\n\n',
    );
  });
});
