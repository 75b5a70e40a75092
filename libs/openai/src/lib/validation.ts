import type { z } from 'zod';

/** Where a request went wrong, in OpenAI's terms: a message and the offending parameter. */
export interface ValidationProblem {
  /** Human-readable explanation, naming the parameter. */
  message: string;
  /** Dotted/bracketed path of the parameter (`messages[0].content`), or null for the whole body. */
  param: string | null;
}

/** Renders a zod path as OpenAI does: `messages[0].content`. */
export function formatParamPath(path: ReadonlyArray<PropertyKey>): string | null {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? null : out;
}

/** Turns the first zod issue into a single clear problem report. */
export function describeZodError(error: z.ZodError): ValidationProblem {
  const issue = error.issues[0];
  if (!issue) return { message: 'Invalid request body.', param: null };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const param = formatParamPath([...issue.path, key]);
    return { message: `Unrecognized request argument supplied: ${param}`, param };
  }
  const param = formatParamPath(issue.path);
  if (param === null) return { message: 'The request body must be a JSON object.', param: null };
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return { message: `Missing required parameter: '${param}'.`, param };
  }
  return { message: `Invalid value for '${param}': ${issue.message}`, param };
}

/** Parses `input` with `schema`; returns the data or the problem, never throws. */
export function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
): { ok: true; value: T } | { ok: false; problem: ValidationProblem } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: describeZodError(result.error) };
}
