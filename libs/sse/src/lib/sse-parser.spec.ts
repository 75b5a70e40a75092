import { parseSse, SseParser } from './sse-parser';

describe('SseParser', () => {
  it.each([
    ['one data event', 'data: {"a":1}\n\n', [{ event: 'message', data: '{"a":1}' }]],
    ['named events', 'event: ping\ndata: {}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n', [
      { event: 'ping', data: '{}' },
      { event: 'message_stop', data: '{"type":"message_stop"}' },
    ]],
    ['multi-line data joined with LF', 'data: a\ndata: b\n\n', [{ event: 'message', data: 'a\nb' }]],
    ['CRLF line ends', 'data: x\r\n\r\ndata: y\r\n\r\n', [{ event: 'message', data: 'x' }, { event: 'message', data: 'y' }]],
    ['CR line ends', 'data: x\r\rdata: y\r\r', [{ event: 'message', data: 'x' }, { event: 'message', data: 'y' }]],
    ['comments ignored', ': keep-alive\n\ndata: z\n\n', [{ event: 'message', data: 'z' }]],
    ['no space after colon', 'data:[DONE]\n\n', [{ event: 'message', data: '[DONE]' }]],
    ['only the first space stripped', 'data:  two\n\n', [{ event: 'message', data: ' two' }]],
    ['id kept', 'id: 7\ndata: q\n\n', [{ event: 'message', data: 'q', id: '7' }]],
    ['event without data is not dispatched', 'event: nothing\n\n', []],
    ['unknown fields ignored', 'retry: 100\nfoo: bar\ndata: ok\n\n', [{ event: 'message', data: 'ok' }]],
    ['last event without blank line (lenient end)', 'data: tail', [{ event: 'message', data: 'tail' }]],
    ['empty data line', 'data:\n\n', [{ event: 'message', data: '' }]],
  ])('%s', (_name, input, expected) => {
    expect(parseSse(input)).toEqual(expected);
  });

  it('gives the same events however the input is split, even inside CRLF', () => {
    const text = 'event: content_block_delta\r\ndata: {"text":"héllo"}\r\n\r\n: c\r\ndata: a\r\ndata: b\r\n\r\ndata: [DONE]\r\n\r\n';
    const whole = parseSse(text);
    expect(whole).toHaveLength(3);
    for (let size = 1; size <= 7; size++) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < text.length; i += size) events.push(...parser.push(text.slice(i, i + size)));
      events.push(...parser.end());
      expect(events).toEqual(whole);
    }
  });

  it('keeps a partial line until the rest arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: '{"a":1}' }]);
  });
});
