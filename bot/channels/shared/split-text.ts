/**
 * Splits a long text into messages of at most `limit` UTF-16 code units (what String.length
 * counts), preferring paragraph breaks, then line breaks, then spaces, so a summary is never cut
 * mid-word when it can be helped. Each channel passes its own limit.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    // Breaks in the first half would make a stub message; only a hard cut is worse.
    const minimum = Math.floor(limit / 2);
    let cut = -1;
    let skip = 0;
    for (const separator of ["\n\n", "\n", " "]) {
      const at = window.lastIndexOf(separator, limit - separator.length);
      if (at >= minimum) {
        cut = at;
        skip = separator.length;
        break;
      }
    }
    if (cut < 0) {
      cut = limit;
      // Never split an emoji (a surrogate pair) in two.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}
