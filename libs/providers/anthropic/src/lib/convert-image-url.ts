import type { ErrorPart } from '@switchyard/contracts';
import { ANTHROPIC_IMAGE_MEDIA_TYPES, type AnthropicImageBlock, type AnthropicImageMediaType } from './anthropic-messages-request';
import { unsupportedParameter } from './request-errors';

/** `data:<media type>[;params];base64,<data>`; the media type is case-insensitive. */
const BASE64_DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*);base64,(.*)$/is;

function isAnthropicMediaType(type: string): type is AnthropicImageMediaType {
  return (ANTHROPIC_IMAGE_MEDIA_TYPES as readonly string[]).includes(type);
}

/**
 * An OpenAI `image_url` → an Anthropic image block: a base64 `data:` URL becomes a `base64` source, an
 * http(s) URL a `url` source (Anthropic fetches it). Anything else is refused with the part's path
 * (`param`), as are image types Anthropic does not read. `detail` has no equivalent and is ignored.
 * Reference: https://docs.anthropic.com/en/docs/build-with-claude/vision
 */
export function convertImageUrl(url: string, param: string): { ok: true; block: AnthropicImageBlock } | { ok: false; error: ErrorPart } {
  const data = BASE64_DATA_URL.exec(url);
  if (data) {
    const mediaType = data[1].trim().toLowerCase();
    if (!isAnthropicMediaType(mediaType)) {
      return { ok: false, error: unsupportedParameter(param, `Anthropic reads ${ANTHROPIC_IMAGE_MEDIA_TYPES.join(', ')} images, not '${mediaType}'`) };
    }
    return { ok: true, block: { type: 'image', source: { type: 'base64', media_type: mediaType, data: data[3] } } };
  }
  if (/^https?:\/\//i.test(url)) return { ok: true, block: { type: 'image', source: { type: 'url', url } } };
  return { ok: false, error: unsupportedParameter(param, 'Anthropic takes images as base64 data: URLs or http(s) URLs') };
}
