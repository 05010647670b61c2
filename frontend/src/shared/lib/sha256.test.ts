import { describe, expect, it } from "vitest";
import { Sha256, toHex } from "./sha256";

const native = async (data: Uint8Array<ArrayBuffer>) => toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
const text = (s: string) => new TextEncoder().encode(s);

describe("Sha256", () => {
  it("matches the standard test vectors", () => {
    expect(new Sha256().hex()).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(new Sha256().update(text("abc")).hex()).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(new Sha256().update(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).hex()).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("gives crypto.subtle's digest however the bytes are cut, around every padding boundary", async () => {
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 70_001]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + length) % 256);
      const expected = await native(data);
      expect(new Sha256().update(data).hex()).toBe(expected);
      for (const piece of [1, 7, 63, 64, 100]) {
        const h = new Sha256();
        for (let i = 0; i < data.length; i += piece) h.update(data.subarray(i, i + piece));
        expect(h.hex()).toBe(expected);
      }
    }
  });

  it("refuses more bytes once the digest is taken, and keeps giving the same digest", () => {
    const h = new Sha256().update(text("abc"));
    const first = h.hex();
    expect(h.hex()).toBe(first);
    expect(() => h.update(text("d"))).toThrow();
  });
});
