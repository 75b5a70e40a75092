import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import type { UsageReply } from '@switchyard/contracts';
import type { FastifyReply } from 'fastify';
import { ADMIN_TOKEN } from '../metrics.constants';
import type { AdminToken } from '@switchyard/runtime';
import { UsageService } from './usage.service';

/** `GET /v1/usage?key=&from=&to=`: requests and tokens per model and UTC day, for the admin token's holder. */
@Controller('v1/usage')
export class UsageController {
  constructor(
    @Inject(ADMIN_TOKEN) private readonly adminToken: AdminToken,
    private readonly usage: UsageService,
  ) {}

  /** Checks the admin token, then answers the query (or the OpenAI-shaped error) with its status. */
  @Get()
  async get(
    @Headers('authorization') authorization: string | undefined,
    @Query() params: Record<string, unknown>,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<UsageReply['body']> {
    const denied = this.adminToken.check(authorization);
    const answer: UsageReply = denied ? { status: denied.status, body: denied.body } : await this.usage.query(params);
    res.status(answer.status);
    return answer.body;
  }
}
