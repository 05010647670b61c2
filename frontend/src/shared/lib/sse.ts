/**
 * A small, incremental parser for the `text/event-stream` format (WHATWG HTML, "Server-sent events").
 *
 * EventSource cannot send an Authorization header, so the SPA reads the stream with fetch and feeds the
 * decoded text to this parser chunk by chunk. Chunks may split lines (and even a CR LF pair) anywhere.
 */
export interface SseEvent {
  /** the `event:` field, "message" when absent */
  event: string;
  /** the `data:` lines joined with "\n" */
  data: string;
  /** the last `id:` seen on the stream, "" if none */
  id: string;
  /** the `retry:` field of this event, if any (milliseconds) */
  retry?: number;
}

export class SseParser {
  private buffer = "";
  private pendingCR = false;
  private eventType = "";
  private dataLines: string[] = [];
  private hasData = false;
  private lastId = "";
  private retry: number | undefined;

  /** Feed decoded text; returns every event completed by it, in order. */
  push(chunk: string): SseEvent[] {
    const events: SseEvent[] = [];
    let text = chunk;
    if (this.pendingCR) {
      // a CR ended the previous chunk: a LF starting this one belongs to the same line break
      if (text.startsWith("\n")) text = text.slice(1);
      this.pendingCR = false;
    }
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      const line = this.buffer.slice(start, i);
      if (ch === "\r") {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === "\n") i++;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /** Call at end of stream: an unterminated event is discarded, as the spec says. */
  end(): SseEvent[] {
    this.buffer = "";
    this.reset();
    return [];
  }

  private reset(): void {
    this.eventType = "";
    this.dataLines = [];
    this.hasData = false;
    this.retry = undefined;
  }

  private line(line: string): SseEvent | null {
    if (line === "") {
      if (!this.hasData) {
        this.reset();
        return null;
      }
      const event: SseEvent = {
        event: this.eventType || "message",
        data: this.dataLines.join("\n"),
        id: this.lastId,
      };
      if (this.retry !== undefined) event.retry = this.retry;
      this.reset();
      return event;
    }
    if (line.startsWith(":")) return null; // comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.dataLines.push(value);
        this.hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) this.lastId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }
}
