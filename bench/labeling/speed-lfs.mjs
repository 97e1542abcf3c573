// 20 labeling functions for the apply-speed bench (bench/label-apply.bench.js): keyword and regex
// tests on a text column, thresholds on numeric columns, one shared preprocessor.
import { ABSTAIN, labelingFunction } from 'flywheel/labeling/functions';

export const labels = ['ham', 'spam'];
const HAM = 0;
const SPAM = 1;
const lower = (row) => ({ ...row, lower: row.text.toLowerCase() });
const has = (name, word, label) =>
  labelingFunction(name, (row) => (row.lower.includes(word) ? label : ABSTAIN), { pre: lower });

export default [
  has('kw_free', 'free', SPAM),
  has('kw_winner', 'winner', SPAM),
  has('kw_offer', 'offer', SPAM),
  has('kw_money', 'money', SPAM),
  has('kw_meeting', 'meeting', HAM),
  has('kw_lunch', 'lunch', HAM),
  has('kw_thanks', 'thanks', HAM),
  has('kw_report', 'report', HAM),
  labelingFunction('re_price', (row) => (/\$\d+/.test(row.text) ? SPAM : ABSTAIN)),
  labelingFunction('re_caps', (row) => (/[A-Z]{5,}/.test(row.text) ? SPAM : ABSTAIN)),
  labelingFunction('re_reply', (row) => (/^re:/i.test(row.text) ? HAM : ABSTAIN)),
  labelingFunction('links_many', (row) => (row.links >= 4 ? SPAM : ABSTAIN)),
  labelingFunction('links_none', (row) => (row.links === 0 ? HAM : ABSTAIN)),
  labelingFunction('length_short', (row) => (row.length < 40 ? HAM : ABSTAIN)),
  labelingFunction('length_long', (row) => (row.length > 2000 ? SPAM : ABSTAIN)),
  labelingFunction('night', (row) => (row.hour < 5 ? SPAM : ABSTAIN)),
  labelingFunction('office', (row) => (row.hour >= 9 && row.hour <= 17 ? HAM : ABSTAIN)),
  labelingFunction('known_sender', (row) => (row.known ? HAM : ABSTAIN)),
  labelingFunction('exclaim', (row) => ((row.text.match(/!/g)?.length ?? 0) >= 3 ? SPAM : ABSTAIN)),
  labelingFunction('attachments', (row) => (row.attachments > 2 ? SPAM : ABSTAIN)),
];
