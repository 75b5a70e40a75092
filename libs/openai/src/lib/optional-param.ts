import { z } from 'zod';

/**
 * An optional request parameter. OpenAI's API takes `null` for any optional parameter as "not set"
 * (clients send `"max_tokens": null`, `"user": null`), so null is accepted and, like an absent value,
 * becomes undefined: code after validation knows one way of "not set". A value of the wrong type is
 * still refused, naming the parameter.
 */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.optional());
}
