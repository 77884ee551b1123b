import { Fragment } from 'react';

/**
 * Long identifiers (media types, URLs) wrap after their separators instead of mid-word. <wbr> adds no
 * text, so accessible names and copied text stay exactly the identifier.
 */
export function BreakableText({ text }: { text: string }) {
  const parts = text.split(/(?<=[./+,;])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
