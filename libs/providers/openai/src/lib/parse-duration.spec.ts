import { parseDuration } from './parse-duration';

describe('parseDuration', () => {
  it.each<[string, number | undefined]>([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['2m59.56s', 179_560],
    ['7.66s', 7660],
    ['0s', 0],
    ['0', 0],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
    [' 3s ', 3000],
    ['', undefined],
    ['5', undefined],
    ['s', undefined],
    ['1d', undefined],
    ['1s ago', undefined],
    ['-1s', undefined],
    ['1.s', undefined],
    ['Thu, 01 Jan 2026 00:00:00 GMT', undefined],
  ])('%j', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});
