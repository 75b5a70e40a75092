import { StopSequenceBuffer } from './stop-sequence-buffer';

/** Pushes chunks in order; returns what was emitted per push, whether it stopped, and the flush. */
function run(stops: string[], chunks: string[], trim = false): { emitted: string[]; stopped: boolean; flushed: string } {
  const buffer = new StopSequenceBuffer(stops, trim);
  const emitted: string[] = [];
  for (const chunk of chunks) {
    const { emit, stopped } = buffer.push(chunk);
    emitted.push(emit);
    if (stopped) return { emitted, stopped, flushed: '' };
  }
  return { emitted, stopped: false, flushed: buffer.flush() };
}

describe('StopSequenceBuffer', () => {
  it.each<[string, string[], string[], boolean, { emitted: string[]; stopped: boolean; flushed: string }]>([
    ['passes text through without stops', [], ['a', 'b'], false, { emitted: ['a', 'b'], stopped: false, flushed: '' }],
    ['cuts at a stop inside a chunk', ['.'], ['Hi. there'], false, { emitted: ['Hi'], stopped: true, flushed: '' }],
    ['holds a possible stop start, then releases it', ['END'], ['a E', 'x'], false, { emitted: ['a ', 'Ex'], stopped: false, flushed: '' }],
    ['stops on a stop split over chunks', ['END'], ['a E', 'N', 'D!'], false, { emitted: ['a ', '', ''], stopped: true, flushed: '' }],
    ['releases a held prefix at the end', ['END'], ['a EN'], false, { emitted: ['a '], stopped: false, flushed: 'EN' }],
    ['cuts at the earliest of several stops', ['b', 'a'], ['xab'], false, { emitted: ['x'], stopped: true, flushed: '' }],
    ['holds trailing whitespace and drops it at the end', [], ['{', '} ', '\n'], true, { emitted: ['{', '}', ''], stopped: false, flushed: '' }],
    ['releases held whitespace when text follows', [], ['a ', 'b'], true, { emitted: ['a', ' b'], stopped: false, flushed: '' }],
    ['trims before a grammar stop', ['\n\n\n\n'], ['}', '\n\n', '\n\n'], true, { emitted: ['}', '', ''], stopped: true, flushed: '' }],
  ])('%s', (_name, stops, chunks, trim, expected) => {
    expect(run(stops, chunks, trim)).toEqual(expected);
  });
});
