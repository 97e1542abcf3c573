/**
 * Agreement of a set of annotations (item, annotator, label), as a project reports it: overall
 * percent agreement, Cohen's κ (when exactly two annotators), Fleiss' κ (over the items with the
 * most common number of annotations, since it needs equal counts), Krippendorff's α (all items,
 * missing annotations allowed), per annotator the agreement with the majority of the *other*
 * annotators and with a model's labels, per item the agreement, and the items in disagreement.
 */
import {
  cohenKappa,
  fleissKappa,
  keyOf,
  krippendorffAlpha,
  type LabelValue,
  percentAgreement,
} from './statistics.js';

/** One annotator's answer for one item. */
export interface AgreementAnnotation {
  item: string;
  annotator: string;
  label: LabelValue;
}

/** Per-annotator agreement. */
export interface AnnotatorAgreement {
  annotator: string;
  annotations: number;
  /** Share of this annotator's labels equal to the strict majority of the other annotators (items without one are left out). */
  withMajority: number;
  majorityItems: number;
  /** Share equal to the model's label, over items the model labelled; NaN without a model. */
  withModel: number;
  modelItems: number;
}

/** One item's annotations and how much they agree. */
export interface ItemAgreement {
  item: string;
  labels: Record<string, LabelValue>;
  /** The strict-majority label, or null on a tie. */
  majority: LabelValue | null;
  /** Share of annotator pairs that agree (NaN with fewer than two annotations). */
  agreement: number;
}

/** The whole report. */
export interface AgreementReport {
  items: number;
  annotations: number;
  annotators: string[];
  percentAgreement: number;
  /** Cohen's κ when exactly two annotators labelled common items, else null. */
  cohenKappa: number | null;
  fleissKappa: number | null;
  /** The items Fleiss' κ used (those with the most common number ≥ 2 of annotations). */
  fleissItems: number;
  krippendorffAlpha: number;
  perAnnotator: AnnotatorAgreement[];
  perItem: ItemAgreement[];
  /** Items whose annotators did not all agree. */
  disagreements: ItemAgreement[];
}

/** Strict majority of `values` (more than any other label), or null. */
export function strictMajority(values: readonly LabelValue[]): LabelValue | null {
  const counts = new Map<string, { value: LabelValue; n: number }>();
  for (const v of values) {
    const e = counts.get(keyOf(v));
    if (e) e.n++;
    else counts.set(keyOf(v), { value: v, n: 1 });
  }
  let best: { value: LabelValue; n: number } | null = null;
  let tie = false;
  for (const e of counts.values()) {
    if (!best || e.n > best.n) {
      best = e;
      tie = false;
    } else if (e.n === best.n) tie = true;
  }
  return best && !tie ? best.value : null;
}

/** Computes the report; `model` maps item → the model's label. */
export function agreementReport(
  annotations: readonly AgreementAnnotation[],
  model?: ReadonlyMap<string, LabelValue>,
): AgreementReport {
  const byItem = new Map<string, Map<string, LabelValue>>();
  for (const a of annotations) {
    let m = byItem.get(a.item);
    if (!m) {
      m = new Map();
      byItem.set(a.item, m);
    }
    m.set(a.annotator, a.label);
  }
  const annotators = [...new Set(annotations.map((a) => a.annotator))].sort();
  const units = [...byItem.values()].map((m) => [...m.values()]);

  const perItem: ItemAgreement[] = [...byItem.entries()].map(([item, m]) => ({
    item,
    labels: Object.fromEntries(m),
    majority: strictMajority([...m.values()]),
    agreement: percentAgreement([[...m.values()]]),
  }));

  let cohen: number | null = null;
  if (annotators.length === 2) {
    const [x, y] = annotators as [string, string];
    const a: LabelValue[] = [];
    const b: LabelValue[] = [];
    for (const m of byItem.values()) {
      if (m.has(x) && m.has(y)) {
        a.push(m.get(x)!);
        b.push(m.get(y)!);
      }
    }
    if (a.length > 0) cohen = cohenKappa(a, b);
  }

  const sizes = new Map<number, number>();
  for (const u of units) if (u.length >= 2) sizes.set(u.length, (sizes.get(u.length) ?? 0) + 1);
  let fleiss: number | null = null;
  let fleissItems = 0;
  if (sizes.size > 0) {
    const [size] = [...sizes.entries()].sort((p, q) => q[1] - p[1] || q[0] - p[0])[0]!;
    const cats = [...new Set(annotations.map((a) => keyOf(a.label)))];
    const table = units
      .filter((u) => u.length === size)
      .map((u) => cats.map((c) => u.filter((v) => keyOf(v) === c).length));
    fleissItems = table.length;
    fleiss = fleissKappa(table);
  }

  const perAnnotator = annotators.map((annotator): AnnotatorAgreement => {
    let n = 0;
    let majAgree = 0;
    let majItems = 0;
    let modelAgree = 0;
    let modelItems = 0;
    for (const [item, m] of byItem) {
      const own = m.get(annotator);
      if (own === undefined) continue;
      n++;
      const others = [...m.entries()].filter(([who]) => who !== annotator).map(([, v]) => v);
      const maj = strictMajority(others);
      if (maj !== null) {
        majItems++;
        if (keyOf(maj) === keyOf(own)) majAgree++;
      }
      const predicted = model?.get(item);
      if (predicted !== undefined) {
        modelItems++;
        if (keyOf(predicted) === keyOf(own)) modelAgree++;
      }
    }
    return {
      annotator,
      annotations: n,
      withMajority: majItems ? majAgree / majItems : Number.NaN,
      majorityItems: majItems,
      withModel: modelItems ? modelAgree / modelItems : Number.NaN,
      modelItems,
    };
  });

  return {
    items: byItem.size,
    annotations: annotations.length,
    annotators,
    percentAgreement: percentAgreement(units),
    cohenKappa: cohen,
    fleissKappa: fleiss,
    fleissItems,
    krippendorffAlpha: krippendorffAlpha(units),
    perAnnotator,
    perItem,
    disagreements: perItem.filter((i) => new Set(Object.values(i.labels).map(keyOf)).size > 1),
  };
}
