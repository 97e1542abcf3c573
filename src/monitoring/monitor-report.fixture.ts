/** Monitor reports built by hand for the format tests: 30 features, windows 1,000 rows each. */
import type { MonitorColumn, MonitorReport, MonitorWindow } from './monitor.js';

/** A KS verdict on one feature. */
export const column = (name: string, drift: boolean): MonitorColumn => ({
  column: name,
  method: 'ks',
  statistic: drift ? 0.4 : 0.05,
  pValue: drift ? 1e-9 : 0.6,
  score: drift ? 1e-9 : 0.6,
  threshold: 0.05,
  drift,
});

/** A window of 1,000 rows over 30 features, `drifted` of them drifted; a signed z for the predictions. */
export function window(i: number, drifted: number): MonitorWindow {
  const columns = Array.from({ length: 30 }, (_, j) => column(`feature_number_${j}`, j < drifted));
  return {
    start: new Date(Date.UTC(2026, 10, 26, 10, i)).toISOString(),
    end: new Date(Date.UTC(2026, 10, 26, 10, i, 59)).toISOString(),
    rows: 1000,
    versions: [1],
    drifted,
    share: drifted / 30,
    drift: drifted / 30 >= 0.5,
    columns,
    missingRate: 0,
    missing: {},
    prediction: {
      column: 'prediction',
      method: 'ztest',
      statistic: -2.5,
      pValue: 0.0124,
      score: 0.0124,
      threshold: 0.05,
      drift: true,
    },
    performance: {
      labelled: 1000,
      coverage: 1,
      unknownLabels: 0,
      metrics: { accuracy: 1 },
      estimated: { accuracy: 0.995 },
      estimatedSe: { accuracy: 0.004 },
    } as unknown as MonitorWindow['performance'],
  };
}

export function report(windows: MonitorWindow[], loggedRows: number): MonitorReport {
  const first = windows.findIndex((w) => w.drift);
  return {
    model: 'churn',
    reference: 'churn-clean:1',
    window: '1000',
    windows,
    firstDrift: first < 0 ? null : first,
    skippedLines: 0,
    loggedRows,
    shortWindows: { windows: 0, rows: 0, minRows: 30 },
    datasetThreshold: 0.5,
  };
}
