import type { LoadedModel } from '../engine/inference-engine';
import type { ModelScheduler } from '../scheduler/model-scheduler';

/** A loaded model and the scheduler in front of it. */
export interface ServedModel {
  model: LoadedModel;
  scheduler: ModelScheduler;
}
