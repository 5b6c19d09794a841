/**
 * Map offsets in a text (or its UTF-8 bytes) to 1-based line numbers.
 */

/** Offsets where each line starts; a line ends at `\n`, `\r\n` or a lone `\r`. */
export class LineIndex {
  private readonly starts: number[];

  /** Index the code units `codeAt(0) .. codeAt(length - 1)` (bytes or UTF-16 units). */
  constructor(length: number, codeAt: (offset: number) => number) {
    this.starts = [0];
    for (let offset = 0; offset < length; offset += 1) {
      const code = codeAt(offset);
      const lineFeed = code === 0x0a;
      const loneReturn = code === 0x0d && (offset + 1 >= length || codeAt(offset + 1) !== 0x0a);
      if (lineFeed || loneReturn) this.starts.push(offset + 1);
    }
  }

  /** Index a string by UTF-16 offsets (the positions `JSON.parse` reports). */
  static ofText(text: string): LineIndex {
    return new LineIndex(text.length, (offset) => text.charCodeAt(offset));
  }

  /** Index UTF-8 bytes by byte offsets (the positions csv-parse reports). */
  static ofBytes(bytes: Uint8Array): LineIndex {
    return new LineIndex(bytes.length, (offset) => bytes[offset] ?? 0);
  }

  /** The 1-based line holding `offset`. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}
