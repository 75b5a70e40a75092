import { Controller, Get, Inject } from '@nestjs/common';
import type { RegisteredWorker } from './registry/worker-registry';
import { WorkerRegistry } from './registry/worker-registry';
import { REGISTRY } from './router.constants';

/** `GET /workers`: the registry as this router replica sees it, for operators. */
@Controller('workers')
export class RegistryController {
  constructor(@Inject(REGISTRY) private readonly registry: WorkerRegistry) {}

  @Get()
  list(): { workers: RegisteredWorker[] } {
    return { workers: this.registry.list() };
  }
}
