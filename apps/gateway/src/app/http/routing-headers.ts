import { formatRouteHeader, HEADERS, ROUTING_POLICIES, RoutingPolicySchema, type ReplyPart, type RoutingPolicy } from '@switchyard/contracts';
import { OpenAIHttpException } from './openai-http.exception';

/** The policy the client asked for with `x-switchyard-policy`, or undefined; an unknown one is a 400. */
export function policyFromHeader(header: string | string[] | undefined): RoutingPolicy | undefined {
  if (header === undefined) return undefined;
  const values = Array.isArray(header) ? header : [header];
  const value = values.length === 1 ? values[0].trim().toLowerCase() : undefined;
  const parsed = RoutingPolicySchema.safeParse(value);
  if (!parsed.success) {
    throw OpenAIHttpException.of(
      'invalid_request',
      `Invalid '${HEADERS.policy}' header: use one of ${ROUTING_POLICIES.join(', ')}.`,
      HEADERS.policy,
    );
  }
  return parsed.data;
}

/** Whether `x-switchyard-resume` lets a broken stream go on elsewhere: `on` (the default) or `off`; anything else is a 400. */
export function resumeFromHeader(header: string | string[] | undefined): boolean {
  if (header === undefined) return true;
  const values = Array.isArray(header) ? header : [header];
  const value = values.length === 1 ? values[0].trim().toLowerCase() : undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw OpenAIHttpException.of('invalid_request', `Invalid '${HEADERS.resume}' header: use on or off.`, HEADERS.resume);
}

/** The `x-switchyard-route` header for the router's first part (a start or an error), when it carries a route. */
export function routeHeaders(part: ReplyPart): Record<string, string> {
  if ((part.type === 'start' || part.type === 'error') && part.route) return { [HEADERS.route]: formatRouteHeader(part.route) };
  return {};
}
