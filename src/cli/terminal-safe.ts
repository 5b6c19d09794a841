import { unicodeEscape } from '../errors.ts';

/**
 * Text made safe to print on a terminal: C0 control characters other than line feed and tab,
 * DEL, the C1 controls (U+0080-U+009F, which include the 8-bit CSI) and the Unicode
 * bidirectional overrides are written as visible `\uXXXX` escapes. A cell, column or group
 * name holding `ESC [ 31 m` or an OSC title sequence then shows as text and cannot recolour,
 * retitle or rewrite the terminal. Applied to everything the CLI writes, JSON included: inside
 * a JSON string `\u009b` is a valid escape of the same character, and JSON.stringify already
 * escapes C0.
 *
 * @param text - Output text.
 * @returns The text with those characters escaped; unchanged when it has none.
 * @example
 * ```ts
 * terminalSafe('\u001b[31mred\n'); // '\\u001b[31mred\n'
 * ```
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, unicodeEscape);
}

/** C0 except \t and \n, DEL, C1, and the bidi embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
