/** labeling/queue: human labeling projects (items, sampling, N annotations per item, skip, undo) and their export. */
export {
  type CreateProjectOptions,
  createLabelingProject,
  exportLabelingProject,
  labelingProjectStatus,
  labelingQueue,
  type ProjectSpec,
  type ProjectStatus,
} from './project.js';
export {
  entropy,
  margin,
  SAMPLING_STRATEGIES,
  type SamplingStrategy,
  samplingPriorities,
} from './sampling.js';
