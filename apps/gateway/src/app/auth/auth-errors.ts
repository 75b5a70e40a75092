import { maskApiKey } from '@switchyard/keys';
import { OpenAIHttpException } from '../http/openai-http.exception';

/** 401 for a request without a key. */
export function missingKeyError(): OpenAIHttpException {
  return OpenAIHttpException.of(
    'invalid_api_key',
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
      '(i.e. Authorization: Bearer YOUR_KEY), or in an api-key header.',
  );
}

/** 401 for a key that is unknown or revoked (the same answer for both, showing only a masked key). */
export function incorrectKeyError(presented: string): OpenAIHttpException {
  return OpenAIHttpException.of(
    'invalid_api_key',
    `Incorrect API key provided: ${maskApiKey(presented)}. Ask your Switchyard administrator for a valid key.`,
  );
}

/**
 * 404 for a model the key may not use. OpenAI answers a model you cannot access exactly like a model
 * that does not exist, so a restricted key learns nothing about what else is served.
 */
export function modelNotAllowedError(model: string): OpenAIHttpException {
  return OpenAIHttpException.of('model_not_found', `The model '${model}' does not exist or you do not have access to it.`, 'model');
}
