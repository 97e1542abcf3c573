/**
 * `monitor:` in flywheel.yaml — alert rules over the prediction log and what they do when they
 * fire. Monitoring owns this section; core's config reader composes it (src/workspace-config.ts).
 * A rule is checked when the file is read: its syntax (alert-rule.ts) and the metric it names, so
 * a typo is a config error at its line, not a rule that never fires.
 */
import { z } from 'zod';
import {
  CONFIG_NAME,
  CONFIG_NAME_MESSAGE,
  type ConfigSection,
  durationSchema,
  type FlywheelError,
  urlWithScheme,
} from '../core/index.js';
import { checkRuleMetric, parseRule } from './alerts/index.js';

/** An alert action: a log line, a webhook POST, a non-zero exit, or starting `retrain.command`. */
export type AlertActionName = 'log' | 'exit' | 'retrain' | `webhook:${string}`;

/** One alert rule as written in `monitor.alerts`. */
const alertSchema = z
  .object({
    name: z.string().regex(CONFIG_NAME, CONFIG_NAME_MESSAGE),
    rule: z.string().superRefine((text, ctx) => {
      try {
        checkRuleMetric(parseRule(text));
      } catch (error) {
        const e = error as FlywheelError;
        ctx.addIssue({ code: 'custom', message: e.message, params: { hint: e.hint } });
      }
    }),
    model: z.string().min(1).optional(),
    actions: z
      .array(
        z
          .string()
          .regex(
            /^(log|exit|retrain|webhook:[A-Za-z0-9][A-Za-z0-9._-]*)$/,
            'an action is log, exit, retrain or webhook:NAME',
          ),
      )
      .min(1)
      .default(['log']),
  })
  .strict()
  // the rule text was checked above, so parsing it again cannot fail
  .transform((a) => ({
    ...a,
    condition: parseRule(a.rule),
    actions: a.actions as AlertActionName[],
    /** Where the rule is written (flywheel.yaml:LINE), filled in once the file is read. */
    where: undefined as AlertWhere | undefined,
  }));

/** Where an alert's rule is written, for the errors of rules that cannot be evaluated. */
export interface AlertWhere {
  file: string;
  line: number;
  column: number;
}

const webhookUrl = urlWithScheme(['http:', 'https:'], 'webhook').refine(
  (u) => URL.canParse(u),
  'not a valid URL',
);

/** `monitor:` — alert rules over the prediction log and what they do when they fire. */
export const monitorSchema = z
  .object({
    window: z
      .union([
        z.number().int().positive(),
        z.string().regex(/^(\d+|\d+(\.\d+)?\s*(ms|s|m|h|d))$/, 'write rows (1000) or a duration (1h)'),
      ])
      .transform(String)
      .default('1000'),
    min_labels: z.number().int().nonnegative().default(50),
    /** Deprecated: the log folder is `prediction_log.dir` (prediction-log/config.ts reads this one too). */
    log_dir: z.string().min(1).optional(),
    models: z.array(z.string().min(1)).default([]),
    webhooks: z.record(z.string().regex(CONFIG_NAME, CONFIG_NAME_MESSAGE), webhookUrl).default({}),
    retrain: z
      .object({ command: z.array(z.string().min(1)).min(1), timeout: durationSchema.default(1_800_000) })
      .strict()
      .optional(),
    alerts: z.array(alertSchema).default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.alerts.forEach((alert, i) => {
      // an alert with an invalid field arrives here untransformed: its own issue is reported instead
      if (!Array.isArray(alert.actions)) return;
      if (seen.has(alert.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', i, 'name'],
          message: `duplicate alert "${alert.name}"`,
        });
      }
      seen.add(alert.name);
      alert.actions.forEach((action, j) => {
        const path = ['alerts', i, 'actions', j];
        const hook = action.startsWith('webhook:') ? action.slice('webhook:'.length) : undefined;
        if (hook !== undefined && !Object.hasOwn(m.webhooks, hook)) {
          const known = Object.keys(m.webhooks);
          const message = `unknown webhook "${hook}" (defined: ${known.length ? known.join(', ') : 'none'})`;
          ctx.addIssue({
            code: 'custom',
            path,
            message,
            params: { hint: 'Define it under monitor.webhooks.' },
          });
        }
        if (action === 'retrain' && m.retrain === undefined) {
          const message = 'the retrain action needs monitor.retrain.command';
          ctx.addIssue({ code: 'custom', path, message, params: { hint: 'Set monitor.retrain.command.' } });
        }
      });
    });
  })
  .prefault({});

/** The `monitor:` section after parsing. */
export type MonitorConfig = z.output<typeof monitorSchema>;
/** One entry of `monitor.alerts` after parsing, with its rule parsed as `condition`. */
export type MonitorAlert = MonitorConfig['alerts'][number];

/** The `monitor:` section of flywheel.yaml; each alert remembers where its rule is written. */
export const monitorSection: ConfigSection<typeof monitorSchema> = {
  schema: monitorSchema,
  hint: 'monitor: takes window, min_labels, models, webhooks (name: http(s) URL), retrain (command, timeout) and alerts (the log folder is prediction_log.dir); see docs/config.md.',
  place(monitor, position, file) {
    monitor.alerts.forEach((alert, i) => {
      const at = position(['alerts', i, 'rule']);
      if (at) alert.where = { file, ...at };
    });
  },
};
