// C0 and C1 control characters and DEL (terminal escape sequences begin with them), the
// bidirectional controls that reorder what is shown (ALM, LRM, RLM, LRE…RLO, LRI…PDI), and the line
// and paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\s]+/g

/**
 * Text from elsewhere (a server's advice or error description, a screen name) made safe to show on
 * one line, in a terminal or a log: every run of control characters (C0, DEL, C1: escape sequences
 * start with them), bidirectional controls (which reorder what a reader sees), line or paragraph
 * separators and whitespace becomes one space, and the ends are trimmed. The messages of oauthkit's
 * errors quote a server's text this way; use it for whatever else of theirs you show.
 *
 * @example
 * ```ts
 * import { printableLine } from '@oauthkit/core/adapter'
 *
 * console.assert(printableLine('jane\u001b]0;pwned\u0007\r\n\u202eevil') === 'jane ]0;pwned evil')
 * ```
 */
export function printableLine(text: string): string {
  return text.replace(UNSAFE, ' ').trim()
}
