import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

describe("SseParser", () => {
  it("parses named events with CRLF line endings (sse-starlette's default)", () => {
    const p = new SseParser();
    const events = p.push('event: job\r\ndata: {"a":1}\r\n\r\nevent: ping\r\ndata: {}\r\n\r\n');
    expect(events).toEqual([
      { event: "job", data: '{"a":1}', id: "" },
      { event: "ping", data: "{}", id: "" },
    ]);
  });

  it("handles chunks split anywhere, including between CR and LF", () => {
    const text = 'event: job\r\ndata: {"progress":0.5}\r\n\r\n: keep-alive\r\n\r\nevent: job\r\ndata: x\r\n\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events.map((e) => e.data)).toEqual(['{"progress":0.5}', "x"]);
    }
  });

  it("joins multi-line data, defaults the event name and tracks ids", () => {
    const p = new SseParser();
    const events = p.push("id: 7\ndata: one\ndata:two\n\ndata\n\n");
    expect(events).toEqual([
      { event: "message", data: "one\ntwo", id: "7" },
      { event: "message", data: "", id: "7" },
    ]);
  });

  it("ignores comments, unknown fields and events without data", () => {
    const p = new SseParser();
    expect(p.push(": hello\nfoo: bar\nevent: job\n\n")).toEqual([]);
    expect(p.push("retry: 1500\ndata: z\n\n")).toEqual([{ event: "message", data: "z", id: "", retry: 1500 }]);
  });

  it("drops an unterminated event at end of stream", () => {
    const p = new SseParser();
    expect(p.push("event: job\ndata: partial")).toEqual([]);
    expect(p.end()).toEqual([]);
  });

  it("accepts lone CR line endings", () => {
    const p = new SseParser();
    expect(p.push("data: a\r\rdata: b\r\r").map((e) => e.data)).toEqual(["a", "b"]);
  });
});
