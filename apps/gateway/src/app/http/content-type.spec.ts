import { isJsonContentType } from './content-type';

describe('isJsonContentType', () => {
  it.each<[string | undefined, boolean]>([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=UTF-8', true],
    ['Application/JSON', true],
    ['  application/json  ', true],
    ['application/vnd.api+json', true],
    ['application/merge-patch+json; charset=utf-8', true],
    [undefined, false],
    ['', false],
    ['text/plain', false],
    ['text/json', false],
    ['application/jsonp', false],
    ['application/json-seq', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['text/plain; type=application/json', false],
  ])('%j → %s', (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
});
