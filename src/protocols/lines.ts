// Line splitting for text protocols (SMTP, POP3, IMAP, FTP, IRC): bytes in, whole lines out,
// with a bounded carry-over between chunks.
const MAX_LINE = 64 * 1024;

export class LineBuffer {
  private carry = '';
  /** Lines cut at the bound (delivered in pieces). */
  overflows = 0;

  /** Calls `line` for each complete line (without CR LF) in the chunk; returns false to stop early. */
  push(buf: Buffer, off: number, len: number, line: (text: string) => boolean | void): boolean {
    const text = this.carry + buf.toString('latin1', off, off + len);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (line(text.slice(start, end)) === false) {
        this.carry = '';
        return false;
      }
      start = nl + 1;
    }
    this.carry = text.slice(start);
    if (this.carry.length > MAX_LINE) {
      // An overlong line is delivered in pieces rather than held without bound.
      this.overflows++;
      const piece = this.carry;
      this.carry = '';
      return line(piece) !== false;
    }
    return true;
  }
}
