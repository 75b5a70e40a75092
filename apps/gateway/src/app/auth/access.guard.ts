import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { ApiKeyAuthService } from './api-key-auth.service';
import { setPrincipal } from './request-principal';

/**
 * Paths served without an API key: liveness and readiness probes, Prometheus's `/metrics` (not an OpenAI route), and
 * the console, whose API asks for the admin token itself.
 */
export function isPublicPath(url: string): boolean {
  const path = url.split('?')[0];
  return (
    path === '/health' || path.startsWith('/health/') || path === '/v1/health' || path.startsWith('/v1/health/') || path === '/metrics' || path === '/console' || path.startsWith('/console/')
  );
}

/** The model a request names: `model` in a JSON body, or the id of `GET /v1/models/{id}` (its wildcard). */
export function requestedModel(req: FastifyRequest): string | undefined {
  if (req.routeOptions.url?.endsWith('/models/*')) return (req.params as Record<string, string | undefined>)['*'];
  const body = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const model = (body as Record<string, unknown>)['model'];
  return typeof model === 'string' ? model : undefined;
}

/**
 * Every route but health and metrics: authenticates the key (401), checks the model it asks for (404), and counts
 * POSTs (inference) against the key's rate limits (429), setting the rate-limit headers on the response.
 * An open gateway (no key in the store) lets everything through, without headers.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly auth: ApiKeyAuthService,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (isPublicPath(req.url)) return true;
    const principal = this.auth.authenticate(req.headers);
    setPrincipal(req, principal);
    if (principal.kind !== 'key') return true;
    const model = requestedModel(req);
    if (model !== undefined) this.auth.assertMayUse(principal, model);
    if (req.method !== 'POST') return true;
    const res = context.switchToHttp().getResponse<FastifyReply>().raw;
    const admission = await this.limits.admit(principal.key, req.body);
    // On the raw response, so that they go out with streamed (hijacked) answers too.
    for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
    if (admission.error) throw new OpenAIHttpException(admission.error);
    if (admission.reservation) this.limits.hold(req, res, admission.reservation);
    return true;
  }
}
