/**
 * A chart drawn by src/charts, which returns SVG (or, for the heat table, HTML) as a string with
 * every piece of text escaped (its `esc`). This is the dashboard's only use of
 * dangerouslySetInnerHTML, and only ever with such a string; anything a user wrote goes through
 * preact's text rendering everywhere else.
 */
import { useMemo } from 'preact/hooks';

/** A figure holding one chart string; `make` runs again only when `deps` change. */
export function Chart({
  caption,
  make,
  deps,
  class: cls,
}: {
  caption?: string;
  make: () => string;
  deps: readonly unknown[];
  class?: string;
}) {
  const html = useMemo(make, deps);
  return (
    <figure class={cls ?? 'chart'}>
      {caption ? <figcaption>{caption}</figcaption> : null}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </figure>
  );
}
