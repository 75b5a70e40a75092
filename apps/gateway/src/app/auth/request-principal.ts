import type { FastifyRequest } from 'fastify';
import type { Principal } from './api-key-auth.service';

const principals = new WeakMap<FastifyRequest, Principal>();

/** Remembers who made a request (set by the guard). */
export function setPrincipal(req: FastifyRequest, principal: Principal): void {
  principals.set(req, principal);
}

/** Who made a request; undefined for routes the guard leaves open (health). */
export function principalOf(req: FastifyRequest): Principal | undefined {
  return principals.get(req);
}
