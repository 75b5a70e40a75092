import type { AnthropicImageBlock } from './anthropic-messages-request';
import { convertImageUrl } from './convert-image-url';

const PARAM = 'messages[0].content[1]';

describe('convertImageUrl', () => {
  it.each<[string, string, AnthropicImageBlock['source']]>([
    ['a PNG data URL', 'data:image/png;base64,iVBORw0KGgo=', { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' }],
    ['a JPEG data URL', 'data:image/jpeg;base64,/9j/4AAQ', { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' }],
    ['a GIF data URL', 'data:image/gif;base64,R0lGOD==', { type: 'base64', media_type: 'image/gif', data: 'R0lGOD==' }],
    ['a WebP data URL', 'data:image/webp;base64,UklGRg==', { type: 'base64', media_type: 'image/webp', data: 'UklGRg==' }],
    ['an upper-case media type', 'data:IMAGE/PNG;base64,AAAA', { type: 'base64', media_type: 'image/png', data: 'AAAA' }],
    ['a data URL with a parameter', 'data:image/png;name=a.png;base64,AAAA', { type: 'base64', media_type: 'image/png', data: 'AAAA' }],
    ['an https URL', 'https://example.com/cat.png', { type: 'url', url: 'https://example.com/cat.png' }],
    ['an http URL', 'http://example.com/cat.jpg?size=large', { type: 'url', url: 'http://example.com/cat.jpg?size=large' }],
  ])('converts %s', (_name, url, source) => {
    expect(convertImageUrl(url, PARAM)).toEqual({ ok: true, block: { type: 'image', source } });
  });

  it.each<[string, string, string]>([
    ['an SVG data URL', 'data:image/svg+xml;base64,PHN2Zz4=', "not 'image/svg+xml'"],
    ['a PDF data URL', 'data:application/pdf;base64,JVBERi0=', "not 'application/pdf'"],
    ['a data URL that is not base64', 'data:image/png,rawbytes', 'base64 data: URLs or http(s) URLs'],
    ['an ftp URL', 'ftp://example.com/cat.png', 'base64 data: URLs or http(s) URLs'],
    ['a file id', 'file-abc123', 'base64 data: URLs or http(s) URLs'],
  ])('refuses %s with the part path', (_name, url, why) => {
    expect(convertImageUrl(url, PARAM)).toEqual({
      ok: false,
      error: { type: 'error', code: 'unsupported_parameter', param: PARAM, retryable: false, message: expect.stringContaining(why) },
    });
  });
});
