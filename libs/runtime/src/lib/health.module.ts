import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICE_INFO } from './health';
import { HealthController } from './health.controller';
import { SWITCHYARD_VERSION } from './version';

/** Adds `/health` and `/health/ready`; the app provides `READINESS_CHECK`. */
@Module({})
export class HealthModule {
  static register(service: string): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: SERVICE_INFO, useValue: { service, version: SWITCHYARD_VERSION } }],
    };
  }
}
