/** A request parameter the local worker cannot honour; it is refused by name, never dropped. */
export interface UnsupportedParameter {
  /** Switchyard's error code for it. */
  code: 'unsupported_parameter';
  /** The parameter at fault, in OpenAI's notation (`n`, `messages[1].content[0]`). */
  param: string;
  /** Why, for the client. */
  message: string;
}

/** A parameter whose value cannot be used as given (a token id outside the model's vocabulary, …). */
export interface InvalidParameter {
  /** Switchyard's error code for it. */
  code: 'invalid_request';
  /** The parameter at fault, in OpenAI's notation (`logit_bias`, `prompt[1]`). */
  param: string;
  /** Why, for the client. */
  message: string;
}

/** Why a request cannot run on a local model: a parameter it cannot honour, or a value it cannot use. */
export type ParameterProblem = UnsupportedParameter | InvalidParameter;

/** Builds an `UnsupportedParameter` with a message that names the parameter. */
export function unsupportedParameter(param: string, why: string): UnsupportedParameter {
  return { code: 'unsupported_parameter', param, message: `Unsupported parameter '${param}': ${why}` };
}

/** Builds an `InvalidParameter` with a message that names the parameter. */
export function invalidParameter(param: string, why: string): InvalidParameter {
  return { code: 'invalid_request', param, message: `Invalid value for '${param}': ${why}` };
}
