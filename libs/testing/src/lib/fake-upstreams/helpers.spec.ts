import { planAnswer } from './answer';
import { maskKey } from './openai-wire';
import { sseFrame } from './sse';
import { countWords, splitText, textOf } from './text';

describe('fake upstream helpers', () => {
  it.each([
    ['Echo: hello world', 5, ['Ech', 'o: ', 'hell', 'o w', 'orld']],
    ['abc', 5, ['a', 'b', 'c']],
    ['héllo 👋', 2, ['hél', 'lo 👋']],
    ['', 3, []],
  ])('splitText(%j, %i) keeps the text whole', (text, parts, expected) => {
    expect(splitText(text, parts)).toEqual(expected);
    expect(splitText(text, parts).join('')).toBe(text);
  });

  it.each([
    ['no limits', undefined, [], { pieces: ['ab', 'cd', 'ef'], finish: 'end', stopSequence: null }],
    ['max tokens', 2, [], { pieces: ['ab', 'cd'], finish: 'length', stopSequence: null }],
    ['a stop inside a piece', undefined, ['d'], { pieces: ['ab', 'c'], finish: 'stop', stopSequence: 'd' }],
    ['a stop across pieces', undefined, ['bc'], { pieces: ['a'], finish: 'stop', stopSequence: 'bc' }],
    ['a stop at a piece boundary', undefined, ['cd', 'zz'], { pieces: ['ab'], finish: 'stop', stopSequence: 'cd' }],
    ['the earliest stop', undefined, ['f', 'b'], { pieces: ['a'], finish: 'stop', stopSequence: 'b' }],
    ['max tokens before a later stop', 1, ['e'], { pieces: ['ab'], finish: 'length', stopSequence: null }],
  ])('planAnswer honours %s', (_name, max, stops, expected) => {
    expect(planAnswer(['ab', 'cd', 'ef'], max, stops)).toEqual(expected);
  });

  it('counts words in strings, content parts and tool results', () => {
    const parts = [{ type: 'text', text: 'one two' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'tool_result', content: [{ type: 'text', text: 'three' }] }];
    expect(countWords(textOf(parts))).toBe(3);
    expect(countWords('  spaced   out\nwords ')).toBe(3);
    expect(countWords(textOf(null))).toBe(0);
  });

  it('frames SSE events, one data line per line', () => {
    expect(sseFrame('{"a":1}')).toBe('data: {"a":1}\n\n');
    expect(sseFrame('x\ny', 'ping')).toBe('event: ping\ndata: x\ndata: y\n\n');
  });

  it('masks keys as OpenAI quotes them', () => {
    expect(maskKey('sk-test-key')).toBe('sk-te***ey');
    expect(maskKey('short')).toBe('sh***');
  });
});
