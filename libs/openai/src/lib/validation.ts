import type { z } from 'zod';
import { withoutOptionalNulls } from './nulls-as-unset';

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

/**
 * For a failed union (`content: string | Part[]`), the issue of the branch that got furthest into the
 * value (deepest path; a wrong type at the union's own level counts least), with its full path, so
 * the report names `messages[1].content[0].type` rather than "invalid input" at `messages[1].content`.
 */
function innermostIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  let best: z.core.$ZodIssue | undefined;
  let bestScore = -1;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (!first) continue;
    const score = first.path.length * 2 + (first.code === 'invalid_type' ? 0 : 1);
    if (score > bestScore) {
      best = first;
      bestScore = score;
    }
  }
  return best ? innermostIssue({ ...best, path: [...issue.path, ...best.path] }) : issue;
}

/** Turns the first zod issue into a single clear problem report. */
export function describeZodError(error: z.ZodError): ValidationProblem {
  const first = error.issues[0];
  if (!first) return { message: 'Invalid request body.', param: null };
  const issue = innermostIssue(first);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const param = formatParamPath([...issue.path, key]);
    return { message: `Unrecognized request argument supplied: ${param}`, param };
  }
  const param = formatParamPath(issue.path);
  if (param === null) return { message: 'The request body must be a JSON object.', param: null };
  // `input` is there only when parsed with `reportInput`; without it, a wrong type is not "missing".
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) {
    return { message: `Missing required parameter: '${param}'.`, param };
  }
  return { message: `Invalid value for '${param}': ${issue.message}`, param };
}

/**
 * Parses `input` with `schema`, a null where the schema has an optional field meaning "not set"
 * (`withoutOptionalNulls`); returns the data or the problem, never throws.
 */
export function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
): { ok: true; value: T } | { ok: false; problem: ValidationProblem } {
  const result = schema.safeParse(withoutOptionalNulls(schema, input), { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: describeZodError(result.error) };
}
