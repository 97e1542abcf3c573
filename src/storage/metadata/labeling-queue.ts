/**
 * The labeling queue repository: hands items to annotators and records their answers. Every write
 * first bumps the project's `seq`, which takes the project row's write lock (PostgreSQL) inside a
 * transaction that SQLite already runs one at a time (BEGIN IMMEDIATE); so two concurrent pulls see
 * each other's assignments, an (item, annotator) is handed out once and an item never gets more than
 * N answers. Call the writing methods inside `store.transaction`.
 */
import type { Kysely } from 'kysely';
import { FlywheelError } from '../../core/index.js';
import { sql } from './kysely-runtime.js';
import type {
  LabelingItemsTable,
  LabelingProjectsTable,
  LabelingQueueRepo,
  QueueItem,
  QueueProject,
} from './labeling-queue-types.js';
import type { MetadataSchema } from './schema.js';

export type {
  LabelingAssignmentsTable,
  LabelingItemsTable,
  LabelingProjectsTable,
  LabelingQueueRepo,
  LabelingSchema,
  NewQueueItem,
  QueueAnnotation,
  QueueItem,
  QueueProgress,
  QueueProject,
} from './labeling-queue-types.js';

const DEFAULT_LEASE_MS = 10 * 60_000;

function toProject(r: LabelingProjectsTable): QueueProject {
  return {
    name: r.name,
    spec: JSON.parse(r.spec_json),
    labels: JSON.parse(r.labels_json),
    annotationsPerItem: Number(r.annotations_per_item),
    createdAt: Number(r.created_at),
  };
}
function toItem(r: LabelingItemsTable): QueueItem {
  return {
    key: r.item_key,
    position: Number(r.position),
    data: JSON.parse(r.data_json),
    suggestion: r.suggestion_json === null ? null : JSON.parse(r.suggestion_json),
    answered: Number(r.answered),
  };
}

function projectNotFound(name: string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `No labeling project named "${name}".`, {
    hint: 'List projects with `flywheel label project status`, or create one with `flywheel label project create`.',
  });
}

/** LabelingQueueRepo over any Kysely connection or transaction. */
export function createLabelingQueueRepo(db: Kysely<MetadataSchema>): LabelingQueueRepo {
  /** Bumps the project's sequence (the project lock) and returns the project and the new seq. */
  async function lock(name: string): Promise<{ project: QueueProject; seq: number }> {
    const row = await db
      .updateTable('labeling_projects')
      .set({ seq: sql<number>`seq + 1` })
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw projectNotFound(name);
    return { project: toProject(row), seq: Number(row.seq) };
  }
  async function item(project: string, key: string): Promise<LabelingItemsTable> {
    const row = await db
      .selectFrom('labeling_items')
      .selectAll()
      .where('project', '=', project)
      .where('item_key', '=', key)
      .executeTakeFirst();
    if (!row) {
      throw new FlywheelError('NOT_FOUND', `Labeling project "${project}" has no item "${key}".`, {
        hint: 'Answer an item the queue handed out (`next`); item keys are listed by `flywheel label project export`.',
      });
    }
    return row;
  }
  /** Answered plus live pending assignments of others on an item. */
  async function taken(project: string, key: string, annotator: string, now: number): Promise<number> {
    const r = await db
      .selectFrom('labeling_assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project', '=', project)
      .where('item_key', '=', key)
      .where('annotator', '!=', annotator)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'answered'),
          eb.and([eb('status', '=', 'pending'), eb('leased_until', '>', now)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  return {
    async createProject(p, items) {
      const row: LabelingProjectsTable = {
        name: p.name,
        spec_json: JSON.stringify(p.spec),
        labels_json: JSON.stringify(p.labels),
        annotations_per_item: p.annotationsPerItem,
        seq: 0,
        created_at: p.createdAt ?? Date.now(),
      };
      const existing = await db
        .selectFrom('labeling_projects')
        .select('name')
        .where('name', '=', p.name)
        .executeTakeFirst();
      if (existing) {
        throw new FlywheelError('ALREADY_EXISTS', `A labeling project named "${p.name}" already exists.`, {
          hint: 'Choose another name, or export the existing project.',
        });
      }
      await db.insertInto('labeling_projects').values(row).execute();
      for (let i = 0; i < items.length; i += 200) {
        await db
          .insertInto('labeling_items')
          .values(
            items.slice(i, i + 200).map((it, j) => ({
              project: p.name,
              item_key: it.key,
              position: i + j,
              priority: it.priority,
              data_json: JSON.stringify(it.data),
              suggestion_json: it.suggestion ? JSON.stringify(it.suggestion) : null,
              answered: 0,
            })),
          )
          .execute();
      }
      return toProject(row);
    },
    async project(name) {
      const row = await db
        .selectFrom('labeling_projects')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirst();
      return row ? toProject(row) : undefined;
    },
    async projects() {
      return (await db.selectFrom('labeling_projects').selectAll().orderBy('name').execute()).map(toProject);
    },
    async next(name, annotator, options = {}) {
      const now = options.now ?? Date.now();
      const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
      const { project, seq } = await lock(name);
      const mine = await db
        .selectFrom('labeling_assignments as a')
        .innerJoin('labeling_items as i', (j) =>
          j.onRef('i.project', '=', 'a.project').onRef('i.item_key', '=', 'a.item_key'),
        )
        .selectAll('i')
        .where('a.project', '=', name)
        .where('a.annotator', '=', annotator)
        .where('a.status', '=', 'pending')
        .orderBy('a.seq', 'desc') // the latest: an item just undone comes back first
        .executeTakeFirst();
      if (mine) {
        await db
          .updateTable('labeling_assignments')
          .set({ leased_until: now + leaseMs, updated_at: now })
          .where('project', '=', name)
          .where('item_key', '=', mine.item_key)
          .where('annotator', '=', annotator)
          .execute();
        return toItem(mine);
      }
      const n = project.annotationsPerItem;
      const row = await db
        .selectFrom('labeling_items as i')
        .selectAll('i')
        .where('i.project', '=', name)
        .where('i.answered', '<', n)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('labeling_assignments as a')
                .select('a.annotator')
                .whereRef('a.project', '=', 'i.project')
                .whereRef('a.item_key', '=', 'i.item_key')
                .where('a.annotator', '=', annotator),
            ),
          ),
        )
        .where(
          (eb) =>
            eb
              .selectFrom('labeling_assignments as a')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('a.project', '=', 'i.project')
              .whereRef('a.item_key', '=', 'i.item_key')
              .where((e) =>
                e.or([
                  e('a.status', '=', 'answered'),
                  e.and([e('a.status', '=', 'pending'), e('a.leased_until', '>', now)]),
                ]),
              ),
          '<',
          n,
        )
        .orderBy('i.priority')
        .orderBy('i.position')
        .limit(1)
        .executeTakeFirst();
      if (!row) return undefined;
      await db
        .insertInto('labeling_assignments')
        .values({
          project: name,
          item_key: row.item_key,
          annotator,
          status: 'pending',
          label: null,
          seq,
          leased_until: now + leaseMs,
          updated_at: now,
        })
        .execute();
      return toItem(row);
    },
    async submit(name, key, annotator, label, now = Date.now()) {
      const { project, seq } = await lock(name);
      if (!project.labels.includes(label)) {
        throw new FlywheelError('INVALID_ARGUMENT', `"${label}" is not a label of project "${name}".`, {
          hint: `Use one of: ${project.labels.join(', ')}.`,
          details: { labels: project.labels },
        });
      }
      await item(name, key);
      const existing = await db
        .selectFrom('labeling_assignments')
        .selectAll()
        .where('project', '=', name)
        .where('item_key', '=', key)
        .where('annotator', '=', annotator)
        .executeTakeFirst();
      if (existing?.status === 'answered') {
        throw new FlywheelError('CONFLICT', `${annotator} has already answered item "${key}" of "${name}".`, {
          hint: 'Undo the answer first to change it.',
        });
      }
      if (existing?.status !== 'pending' || existing.leased_until <= now) {
        if ((await taken(name, key, annotator, now)) >= project.annotationsPerItem) {
          throw new FlywheelError(
            'CONFLICT',
            `Item "${key}" of "${name}" already has its ${project.annotationsPerItem} annotations.`,
            {
              hint: 'Pull the next item with `next` and answer that one.',
            },
          );
        }
      }
      const values = { status: 'answered' as const, label, seq, updated_at: now, leased_until: now };
      if (existing) {
        await db
          .updateTable('labeling_assignments')
          .set(values)
          .where('project', '=', name)
          .where('item_key', '=', key)
          .where('annotator', '=', annotator)
          .execute();
      } else {
        await db
          .insertInto('labeling_assignments')
          .values({ project: name, item_key: key, annotator, ...values })
          .execute();
      }
      await db
        .updateTable('labeling_items')
        .set({ answered: sql<number>`answered + 1` })
        .where('project', '=', name)
        .where('item_key', '=', key)
        .execute();
      return { item: key, annotator, label, answeredAt: now };
    },
    async skip(name, key, annotator, now = Date.now()) {
      const { seq } = await lock(name);
      await item(name, key);
      const existing = await db
        .selectFrom('labeling_assignments')
        .select('status')
        .where('project', '=', name)
        .where('item_key', '=', key)
        .where('annotator', '=', annotator)
        .executeTakeFirst();
      if (existing?.status === 'answered') {
        throw new FlywheelError(
          'CONFLICT',
          `${annotator} has already answered item "${key}"; it cannot be skipped.`,
          { hint: 'Undo the answer first.' },
        );
      }
      const values = { status: 'skipped' as const, label: null, seq, updated_at: now, leased_until: now };
      if (existing) {
        await db
          .updateTable('labeling_assignments')
          .set(values)
          .where('project', '=', name)
          .where('item_key', '=', key)
          .where('annotator', '=', annotator)
          .execute();
      } else {
        await db
          .insertInto('labeling_assignments')
          .values({ project: name, item_key: key, annotator, ...values })
          .execute();
      }
    },
    async undo(name, annotator, now = Date.now()) {
      const { seq } = await lock(name);
      const last = await db
        .selectFrom('labeling_assignments')
        .selectAll()
        .where('project', '=', name)
        .where('annotator', '=', annotator)
        .where('status', '=', 'answered')
        .orderBy('seq', 'desc')
        .executeTakeFirst();
      if (!last) return undefined;
      await db
        .updateTable('labeling_assignments')
        .set({ status: 'pending', label: null, seq, updated_at: now, leased_until: now + DEFAULT_LEASE_MS })
        .where('project', '=', name)
        .where('item_key', '=', last.item_key)
        .where('annotator', '=', annotator)
        .execute();
      await db
        .updateTable('labeling_items')
        .set({ answered: sql<number>`answered - 1` })
        .where('project', '=', name)
        .where('item_key', '=', last.item_key)
        .execute();
      return last.item_key;
    },
    async annotations(name) {
      const rows = await db
        .selectFrom('labeling_assignments')
        .select(['item_key', 'annotator', 'label', 'updated_at'])
        .where('project', '=', name)
        .where('status', '=', 'answered')
        .orderBy('seq')
        .orderBy('item_key')
        .orderBy('annotator')
        .execute();
      return rows.map((r) => ({
        item: r.item_key,
        annotator: r.annotator,
        label: r.label ?? '',
        answeredAt: Number(r.updated_at),
      }));
    },
    async items(name) {
      return (
        await db
          .selectFrom('labeling_items')
          .selectAll()
          .where('project', '=', name)
          .orderBy('position')
          .execute()
      ).map(toItem);
    },
    async progress(name, now = Date.now()) {
      const project = await this.project(name);
      if (!project) throw projectNotFound(name);
      const items = await db
        .selectFrom('labeling_items')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('answered').as('answered')])
        .where('project', '=', name)
        .executeTakeFirstOrThrow();
      const complete = await db
        .selectFrom('labeling_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project', '=', name)
        .where('answered', '>=', project.annotationsPerItem)
        .executeTakeFirstOrThrow();
      const statuses = await db
        .selectFrom('labeling_assignments')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .where('project', '=', name)
        .where((eb) => eb.or([eb('status', '!=', 'pending'), eb('leased_until', '>', now)]))
        .groupBy('status')
        .execute();
      const by = (s: string) => Number(statuses.find((r) => r.status === s)?.n ?? 0);
      return {
        items: Number(items.n),
        complete: Number(complete.n),
        annotations: Number(items.answered ?? 0),
        skipped: by('skipped'),
        pending: by('pending'),
      };
    },
    async setPriorities(name, priorities) {
      await lock(name);
      for (const p of priorities) {
        await db
          .updateTable('labeling_items')
          .set({ priority: p.priority })
          .where('project', '=', name)
          .where('item_key', '=', p.key)
          .execute();
      }
    },
  };
}
