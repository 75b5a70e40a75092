import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { map, type Observable } from 'rxjs';
import { ApiKeyAuthService } from './api-key-auth.service';
import { principalOf } from './request-principal';

/** A `{object: 'list', data: [{id}, …]}` answer, as `GET /v1/models` gives. */
function isModelList(value: unknown): value is { object: 'list'; data: Array<{ id: string }> } {
  if (typeof value !== 'object' || value === null) return false;
  const list = value as { object?: unknown; data?: unknown };
  return list.object === 'list' && Array.isArray(list.data);
}

/** `GET /v1/models` shows a restricted key only the models it may use, as OpenAI does. */
@Injectable()
export class ModelListInterceptor implements NestInterceptor {
  constructor(private readonly auth: ApiKeyAuthService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = principalOf(req);
    const route = req.routeOptions.url ?? '';
    if (!principal || principal.kind !== 'key' || req.method !== 'GET' || !/^(\/v1)?\/models$/.test(route)) return next.handle();
    return next.handle().pipe(
      map((value) => (isModelList(value) ? { ...value, data: value.data.filter((model) => this.auth.mayUse(principal, model.id)) } : value)),
    );
  }
}
