import { Module, type DynamicModule } from '@nestjs/common';
import { Drain } from './drain';

/** Provides the service's one `Drain` everywhere in the app (inject the class). */
@Module({})
export class DrainModule {
  static forRoot(graceMs: number): DynamicModule {
    return {
      module: DrainModule,
      global: true,
      providers: [{ provide: Drain, useValue: new Drain(graceMs) }],
      exports: [Drain],
    };
  }
}
