/** Malformed requests for the inference fuzz tests (deterministic: the same list every run). */

/** A 50 MB JSON body (refused at the body limit, never buffered whole by the server). */
export const hugeBody = (): string => `{"rows": [${'{"x": 1},'.repeat((50 * 1024 * 1024) / 9)}{}]}`;

/** Malformed requests of every kind the acceptance lists (deterministic, no randomness). */
export function malformedRequests(): Array<[string, string, string]> {
  const json = 'application/json';
  const urls = ['/models/churn/predict', '/v2/models/churn/infer', '/invocations', '/models/nope/predict'];
  const bodies = [
    '{"rows": [{"x": 1}',
    '{rows: []}',
    '{"rows": [{"x": NaN}]}',
    '{"rows": [{"x": Infinity}]}',
    '{"rows": [{"x": "NaN"}]}',
    '{"rows": [{"x": "-Infinity", "c": 5e400}]}',
    '{"rows": "all of them"}',
    '{"rows": [[1, 2, 3]]}',
    '{"rows": [null, true, 1, "a"]}',
    '{"rows": {"x": 1}}',
    '[]',
    '"just a string"',
    '12',
    'null',
    '{"rows": []}',
    `{"rows": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
    `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
    `{"rows": [${'{"x": "a"},'.repeat(5_000)}{"x": "b"}]}`,
    '{"inputs": [{"name": "x", "shape": [2], "datatype": "FP64", "data": [1]}]}',
    '{"inputs": [{"name": "x", "shape": [-1], "datatype": "FP64", "data": []}]}',
    '{"inputs": [{"name": "x", "shape": [1], "datatype": "WEIRD", "data": [1]}]}',
    '{"inputs": "x"}',
    '{"dataframe_split": {"columns": "x"}}',
    '{"__proto__": {"rows": [{"x": 1}]}}',
    '{"constructor": {"prototype": {"x": 1}}, "rows": [{"x": "1"}]}',
    '\u0000\u0001\u0002',
    '{"rows": [{"x": 1}]} trailing',
  ];
  const out: Array<[string, string, string]> = [];
  for (const url of urls) for (const body of bodies) out.push([url, body, json]);
  out.push(['/models/churn/predict', '{"rows": [{"x": 1}]}', 'text/plain']);
  out.push(['/models/churn/predict', 'x=1', 'application/x-www-form-urlencoded']);
  out.push(['/models/churn/predict', '<rows/>', 'application/xml']);
  return out;
}
