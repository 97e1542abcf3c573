import { describe, expect, it } from 'vitest';
import { href, parseRoute, splitRef } from './router';

describe('parseRoute', () => {
  it('reads every view of the dashboard from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/runs?experiment=1&filter=metrics.auc%20%3E%200.7')).toEqual({
      page: 'runs',
      query: { experiment: '1', filter: 'metrics.auc > 0.7' },
    });
    expect(parseRoute('#/runs/abc123')).toEqual({ page: 'run', id: 'abc123' });
    expect(parseRoute('#/models/churn')).toEqual({ page: 'model', name: 'churn' });
    expect(parseRoute('#/models/churn/versions/3')).toEqual({
      page: 'model-version',
      name: 'churn',
      version: '3',
    });
    expect(parseRoute('#/datasets')).toEqual({ page: 'datasets' });
    expect(parseRoute('#/datasets/churn?from=1&to=2')).toEqual({
      page: 'dataset',
      name: 'churn',
      query: { from: '1', to: '2' },
    });
    expect(parseRoute('#/datasets/churn/versions/2')).toEqual({
      page: 'dataset-version',
      name: 'churn',
      version: '2',
    });
    expect(parseRoute('#/monitoring/churn?window=3')).toEqual({
      page: 'monitoring',
      model: 'churn',
      query: { window: '3' },
    });
    expect(parseRoute('#/serving')).toEqual({ page: 'serving' });
  });

  it('keeps the runs of a comparison in order, without repeats or empty ids', () => {
    expect(parseRoute('#/compare?runs=b,a,,b,c')).toMatchObject({ page: 'compare', runs: ['b', 'a', 'c'] });
    expect(parseRoute('#/compare')).toMatchObject({ page: 'compare', runs: [] });
  });

  it('decodes names with reserved characters and round-trips them through href', () => {
    const name = 'a/b c?#%<x>';
    expect(parseRoute(href.model(name))).toEqual({ page: 'model', name });
    expect(parseRoute(href.datasetVersion(name, 7))).toEqual({ page: 'dataset-version', name, version: '7' });
    expect(parseRoute(href.runs({ filter: "params.x = 'a&b'", experiment: '2' }))).toEqual({
      page: 'runs',
      query: { filter: "params.x = 'a&b'", experiment: '2' },
    });
    expect(parseRoute(href.compare(['r1', 'r2'], { metric: 'loss' }))).toMatchObject({
      runs: ['r1', 'r2'],
      query: { metric: 'loss' },
    });
  });

  it('names unknown paths and bad escapes not-found', () => {
    expect(parseRoute('#/nope')).toEqual({ page: 'not-found', path: '/nope' });
    expect(parseRoute('#/runs/a/b')).toEqual({ page: 'not-found', path: '/runs/a/b' });
    expect(parseRoute('#/models/%E0%A4%A')).toEqual({ page: 'not-found', path: '/models/%E0%A4%A' });
    expect(parseRoute('#/models/x/versions')).toMatchObject({ page: 'not-found' });
    expect(parseRoute('#main')).toMatchObject({ page: 'not-found' });
  });

  it('leaves empty query values out of links', () => {
    expect(href.runs({ experiment: '1', filter: '' })).toBe('#/runs?experiment=1');
    expect(href.runs()).toBe('#/runs');
  });
});

describe('splitRef', () => {
  it('splits name:version at the last colon', () => {
    expect(splitRef('churn:3')).toEqual({ name: 'churn', version: '3' });
    expect(splitRef('a:b:3')).toEqual({ name: 'a:b', version: '3' });
    expect(splitRef('churn')).toBeUndefined();
    expect(splitRef('churn:')).toBeUndefined();
  });
});
