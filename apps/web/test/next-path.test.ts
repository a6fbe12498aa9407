// The sign-in page's `next` parameter can be crafted by anyone: it may only ever lead to a page of
// this site, whatever a browser would make of it.
import { describe, expect, it } from "vitest";
import { safeNextPath } from "../lib/next-path.ts";

describe("where the sign-in page sends an operator afterwards", () => {
  it("keeps a path of this site, with its query and fragment", () => {
    expect(safeNextPath("/leads/12")).toBe("/leads/12");
    expect(safeNextPath("/leads?status=NEW&page=2#top")).toBe("/leads?status=NEW&page=2#top");
    expect(safeNextPath(["/clients/3", "/evil"])).toBe("/clients/3");
  });

  it("sends every other value to the start page: other origins, however they are spelled", () => {
    const hostile = [
      "//evil.example/phish",
      "/\t/evil.example/phish", // a browser drops the tab: //evil.example
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\u0000/evil.example",
      "/\\evil.example", // read as //evil.example
      "/\\/evil.example",
      "https://evil.example/",
      "http:/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      " /leads",
    ];
    for (const value of hostile) expect(safeNextPath(value), JSON.stringify(value)).toBe("/");
    expect(safeNextPath(undefined)).toBe("/");
  });

  it("normalises dot segments instead of trusting them", () => {
    expect(safeNextPath("/a/../clients")).toBe("/clients");
    expect(safeNextPath("/..//evil.example")).toBe("/");
  });
});
