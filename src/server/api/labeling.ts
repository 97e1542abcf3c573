/**
 * `/api/v1/labeling`: the human labeling queue for annotators (issue 28, item 5): list projects, a
 * project's status with agreement, and — all writes, so all need the bearer token — pull the next
 * item, answer, skip, undo. The annotator is named by the `annotator` field of the request (a
 * per-annotator identity from the token or a trusted proxy's header is not built yet). Schemas of
 * these routes live here, not in schemas.ts (they are not in /openapi.json yet).
 */
import { z } from 'zod';
import { labelingProjectStatus, labelingQueue } from '../../labeling/index.js';
import type { Platform } from '../../platform.js';
import type { Route } from '../route.js';
import { parseInput, required } from './input.js';

const annotatorSchema = z.object({ annotator: z.string().min(1).max(200) });
const answerSchema = annotatorSchema.extend({ label: z.string().min(1).max(1000) });
const BODY_LIMIT = 16 * 1024;

/** The labeling routes. */
export function labelingApiRoutes(platform: Platform): Route[] {
  const queue = labelingQueue(platform.metadata);
  const project = (input: Record<string, unknown>) => required(input, 'project', 300);
  const item = (input: Record<string, unknown>) => required(input, 'item', 1000);
  return [
    {
      method: 'GET',
      path: '/labeling/projects',
      write: false,
      async handle() {
        const all = await platform.metadata.labeling.projects();
        return {
          projects: all.map((p) => ({
            name: p.name,
            labels: p.labels,
            annotations_per_item: p.annotationsPerItem,
            created_at: p.createdAt,
          })),
        };
      },
    },
    {
      method: 'GET',
      path: '/labeling/projects/:project',
      write: false,
      async handle(input) {
        return labelingProjectStatus(platform.metadata, project(input));
      },
    },
    {
      method: 'POST',
      path: '/labeling/projects/:project/next',
      write: true,
      bodyLimit: BODY_LIMIT,
      async handle(input) {
        const { annotator } = parseInput(annotatorSchema, { annotator: input.annotator });
        return { item: (await queue.next(project(input), annotator)) ?? null };
      },
    },
    {
      method: 'POST',
      path: '/labeling/projects/:project/items/:item/answer',
      write: true,
      bodyLimit: BODY_LIMIT,
      async handle(input) {
        const body = parseInput(answerSchema, { annotator: input.annotator, label: input.label });
        return queue.submit(project(input), item(input), body.annotator, body.label);
      },
    },
    {
      method: 'POST',
      path: '/labeling/projects/:project/items/:item/skip',
      write: true,
      bodyLimit: BODY_LIMIT,
      async handle(input) {
        const { annotator } = parseInput(annotatorSchema, { annotator: input.annotator });
        await queue.skip(project(input), item(input), annotator);
        return { item: item(input), annotator, skipped: true };
      },
    },
    {
      method: 'POST',
      path: '/labeling/projects/:project/undo',
      write: true,
      bodyLimit: BODY_LIMIT,
      async handle(input) {
        const { annotator } = parseInput(annotatorSchema, { annotator: input.annotator });
        return { item: (await queue.undo(project(input), annotator)) ?? null };
      },
    },
  ];
}
