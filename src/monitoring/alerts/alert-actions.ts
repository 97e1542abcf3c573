/**
 * What a fired alert does: `log` (a JSON line), `webhook:NAME` (a JSON POST to the URL configured
 * under that name, and nowhere else: redirects are not followed), `exit` (tells the CLI to end
 * non-zero) and `retrain` (runs `monitor.retrain.command` with no shell, the alert passed on its
 * command line — `retrainCommand` — so the new training run records which alert caused it). No
 * action throws: each reports how it went in its result.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Logger } from '../../core/index.js';
import type { AlertActionName, MonitorAlert, MonitorConfig } from '../monitor-config.js';
import type { AlertFiring } from './alerts.js';

/** The folder (under the workspace root) retrain logs are written to. */
export const ALERT_LOG_DIR = '.flywheel/alerts';
const KILL_GRACE_MS = 5000;

/** What the actions need from the configuration and the process. */
export interface AlertActionDeps {
  monitor: Pick<MonitorConfig, 'webhooks' | 'retrain'>;
  /** The workspace root: the retrain command's working folder, and where `.flywheel/alerts/` lives. */
  root: string;
  logger: Logger;
  /** The webhook timeout in ms (default 5000). */
  webhookTimeoutMs?: number;
}

/** Which model the firing is for, the id of its `alert` event, and when it was recorded (ms). */
export interface ActionContext {
  model: string;
  eventId: number;
  time: number;
}

/** How one action went. */
export interface ActionResult {
  action: AlertActionName;
  ok: boolean;
  /** Set (true) only by `exit`. */
  exit?: boolean;
  /** The webhook's HTTP status. */
  status?: number;
  /** The retrain command's exit code (null when it was killed or never started). */
  exitCode?: number | null;
  /** The retrain command's output (stdout and stderr), relative to the workspace root. */
  log?: string;
  timedOut?: boolean;
  error?: string;
}

/** Run `alert`'s actions for `firing`, in the order configured. */
export async function runAlertActions(
  firing: AlertFiring,
  alert: MonitorAlert,
  deps: AlertActionDeps,
  context: ActionContext,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const action of alert.actions) {
    if (action === 'log') results.push(logAction(firing, alert, deps.logger, context));
    else if (action === 'exit') results.push({ action, ok: true, exit: true });
    else if (action === 'retrain') results.push(await retrainAction(alert, deps, context));
    else results.push(await webhookAction(action, firing, alert, deps, context));
  }
  return results;
}

function logAction(firing: AlertFiring, alert: MonitorAlert, logger: Logger, c: ActionContext): ActionResult {
  logger.warn('alert fired', {
    alert: alert.name,
    model: c.model,
    rule: alert.rule,
    window_start: firing.window.start,
    window_end: firing.window.end,
    value: firing.value,
    threshold: firing.threshold,
    event_id: c.eventId,
  });
  return { action: 'log', ok: true };
}

/** The JSON body a webhook receives. */
export function webhookBody(
  firing: AlertFiring,
  alert: MonitorAlert,
  c: ActionContext,
): Record<string, unknown> {
  return {
    alert: alert.name,
    model: c.model,
    rule: alert.rule,
    window: firing.window,
    value: firing.value,
    threshold: firing.threshold,
    time: new Date(c.time).toISOString(),
    event_id: c.eventId,
  };
}

async function webhookAction(
  action: AlertActionName,
  firing: AlertFiring,
  alert: MonitorAlert,
  deps: AlertActionDeps,
  c: ActionContext,
): Promise<ActionResult> {
  const name = action.slice('webhook:'.length);
  // only a URL from the config is ever contacted, whatever the action text says
  const url = Object.hasOwn(deps.monitor.webhooks, name) ? deps.monitor.webhooks[name] : undefined;
  if (url === undefined) return { action, ok: false, error: `webhook "${name}" is not configured` };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookBody(firing, alert, c)),
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.webhookTimeoutMs ?? 5000),
    });
    await response.body?.cancel();
    return { action, ok: response.ok, status: response.status };
  } catch (error) {
    const e = error as Error & { cause?: { message?: string } };
    const why = e.name === 'TimeoutError' ? 'timed out' : (e.cause?.message ?? e.message);
    deps.logger.warn('alert webhook failed', { alert: alert.name, webhook: name, error: why });
    return { action, ok: false, error: why };
  }
}

/** Placeholders a retrain command may hold, replaced in each of its words: the alert's id and name. */
export const ALERT_ID_PLACEHOLDER = '{alert_id}';
export const ALERT_NAME_PLACEHOLDER = '{alert}';

/** Whether `command` runs `flywheel train` (`flywheel …`, or `node …/flywheel.js …`). */
function isFlywheelTrain(command: readonly string[]): boolean {
  const program = (word: string | undefined) => /^flywheel(\.js|\.cmd)?$/i.test(basename(word ?? ''));
  const node = /^(node|nodejs|bun)(\.exe)?$/i.test(basename(command[0] ?? ''));
  const rest = program(command[0]) ? command.slice(1) : node && program(command[1]) ? command.slice(2) : null;
  return rest?.includes('train') === true;
}

/**
 * The argv the `retrain` action runs for an alert: `{alert_id}` and `{alert}` in any word are
 * replaced by the alert's audit-event id and name; a `flywheel train` command that has neither
 * placeholder nor `--alert` gets `--alert ID` appended, so the run it starts is tagged
 * `flywheel.alert` (the link `monitor run` reports). Any other command is run as written.
 */
export function retrainCommand(command: readonly string[], alert: { id: number; name: string }): string[] {
  const id = String(alert.id);
  const placed = command.some((w) => w.includes(ALERT_ID_PLACEHOLDER) || w.includes(ALERT_NAME_PLACEHOLDER));
  if (placed)
    return command.map((w) =>
      w.replaceAll(ALERT_ID_PLACEHOLDER, id).replaceAll(ALERT_NAME_PLACEHOLDER, alert.name),
    );
  const tagged = command.some((w) => w === '--alert' || w.startsWith('--alert='));
  return isFlywheelTrain(command) && !tagged ? [...command, '--alert', id] : [...command];
}

/**
 * Run the retrain command and wait for it. Its output goes to `.flywheel/alerts/<event id>-retrain.log`
 * rather than the terminal, so a `--watch` loop's own output stays readable and cron keeps the log.
 */
async function retrainAction(
  alert: MonitorAlert,
  deps: AlertActionDeps,
  c: ActionContext,
): Promise<ActionResult> {
  const retrain = deps.monitor.retrain;
  if (!retrain) return { action: 'retrain', ok: false, error: 'monitor.retrain.command is not configured' };
  const dir = join(deps.root, ALERT_LOG_DIR);
  const file = join(dir, `${c.eventId}-retrain.log`);
  const log = relative(deps.root, file);
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true });
    fd = openSync(file, 'a');
  } catch (error) {
    return { action: 'retrain', ok: false, exitCode: null, error: (error as Error).message };
  }
  try {
    const [command, ...args] = retrainCommand(retrain.command, { id: c.eventId, name: alert.name }) as [
      string,
      ...string[],
    ];
    const run = await runCommand(command, args, {
      cwd: deps.root,
      // Kept for scripts written for the old contract; `flywheel train` reads only --alert.
      env: { ...process.env, FLYWHEEL_ALERT_ID: String(c.eventId), FLYWHEEL_ALERT: alert.name },
      fd,
      timeoutMs: retrain.timeout,
    });
    return { action: 'retrain', ok: run.exitCode === 0, ...run, log };
  } finally {
    closeSync(fd);
  }
}

interface CommandRun {
  exitCode: number | null;
  timedOut: boolean;
  error?: string;
}

function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; fd: number; timeoutMs: number },
): Promise<CommandRun> {
  return new Promise((resolve) => {
    // its own process group, so a timeout also stops what it started (npx → node → …)
    const group = process.platform !== 'win32';
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      detached: group,
      stdio: ['ignore', options.fd, options.fd],
    });
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      grace = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      clearTimeout(grace);
      resolve({ exitCode: null, timedOut, error: error.message });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(grace);
      const run: CommandRun = { exitCode: code, timedOut };
      if (timedOut) run.error = `timed out after ${options.timeoutMs} ms`;
      else if (signal) run.error = `killed by ${signal}`;
      resolve(run);
    });
  });
}
