import { describe, expect, it } from 'vitest';
import { servedBy } from './alias-move';
import { rates } from './serving';

describe('serving figures', () => {
  it('turns successive request counters into requests per second, skipping restarts', () => {
    expect(
      rates([
        { time: 0, total: 10 },
        { time: 2000, total: 30 },
        { time: 5000, total: 30 },
        { time: 6000, total: 5 },
        { time: 7000, total: 9 },
      ]),
    ).toEqual([
      { x: 2000, y: 10 },
      { x: 5000, y: 0 },
      { x: 7000, y: 4 },
    ]);
  });

  it('names what serves an alias before it is moved', () => {
    const d = {
      serving: true,
      peers: [],
      recent_swaps: [],
      deployments: [
        {
          model: 'churn@production',
          name: 'churn',
          replicas: 2,
          routes: [
            { version: 2, weight: 0.9, alias: 'production' },
            { version: 3, weight: 0.1, alias: 'canary' },
          ],
        },
      ],
    };
    expect(servedBy(d, 'churn', 'production')).toEqual([
      'churn@production: version 2, 90% of traffic, 2 replicas',
      'churn@production: version 3, 10% of traffic, 2 replicas',
    ]);
    expect(servedBy(d, 'churn', 'staging')).toEqual(['No deployment of this server serves churn@staging.']);
    expect(servedBy({ ...d, serving: false }, 'churn', 'production')).toEqual([
      'This server serves no models.',
    ]);
  });
});
