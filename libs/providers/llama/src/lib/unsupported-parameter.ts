/** A request parameter the local worker cannot honour; it is refused by name, never dropped. */
export interface UnsupportedParameter {
  /** Switchyard's error code for it. */
  code: 'unsupported_parameter';
  /** The parameter at fault, in OpenAI's notation (`n`, `messages[1].content[0]`). */
  param: string;
  /** Why, for the client. */
  message: string;
}

/** Builds an `UnsupportedParameter` with a message that names the parameter. */
export function unsupportedParameter(param: string, why: string): UnsupportedParameter {
  return { code: 'unsupported_parameter', param, message: `Unsupported parameter '${param}': ${why}` };
}
