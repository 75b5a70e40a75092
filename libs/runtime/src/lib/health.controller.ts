import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { Drain } from './drain';
import { READINESS_CHECK, SERVICE_INFO, type ReadinessCheck, type ServiceInfo } from './health';

const startedAt = Date.now();

/**
 * `/health` (liveness: the process answers) and `/health/ready` (its dependencies are usable and it is
 * not draining: a load balancer stops sending it new work as soon as SIGTERM arrives); also under `/v1`,
 * for clients that put every path under the API's base URL.
 */
@Controller(['health', 'v1/health'])
export class HealthController {
  constructor(
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get()
  @HttpCode(200)
  live(): { status: 'ok'; service: string; version: string; uptimeSeconds: number } {
    return {
      status: 'ok',
      service: this.info.service,
      version: this.info.version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' | 'not_ready'; checks: Record<string, boolean> }> {
    const check = this.moduleRef.get<ReadinessCheck>(READINESS_CHECK, { strict: false });
    const drain = this.moduleRef.get(Drain, { strict: false });
    const checks = { ...(await check()), accepting: !drain.draining };
    const ok = Object.values(checks).every(Boolean);
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not_ready', checks };
  }
}
