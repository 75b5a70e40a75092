import type { IncomingHttpHeaders } from 'node:http';
import { presentedKey } from './credentials';

const KEY = `sk-sy-${'a'.repeat(48)}`;

describe('presentedKey', () => {
  it.each<[string, IncomingHttpHeaders, string | undefined]>([
    ['a Bearer token', { authorization: `Bearer ${KEY}` }, KEY],
    ['a lower-case scheme', { authorization: `bearer ${KEY}` }, KEY],
    ['spaces around it', { authorization: `  Bearer   ${KEY}  ` }, KEY],
    ['an api-key header (Azure clients)', { 'api-key': KEY }, KEY],
    ['an x-api-key header (Anthropic clients)', { 'x-api-key': KEY }, KEY],
    ['Bearer before api-key', { authorization: 'Bearer first', 'api-key': 'second' }, 'first'],
    ['api-key when Authorization is not Bearer', { authorization: 'Basic abc', 'api-key': KEY }, KEY],
    ['nothing', {}, undefined],
    ['an empty Bearer', { authorization: 'Bearer ' }, undefined],
    ['Basic auth only', { authorization: 'Basic dXNlcjpwYXNz' }, undefined],
    ['a token with a space in it', { authorization: 'Bearer a b' }, undefined],
    ['an empty api-key', { 'api-key': '  ' }, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(presentedKey(headers)).toBe(expected);
  });
});
