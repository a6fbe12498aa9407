import { describe, expect, it } from "vitest";
import { nameSkeleton } from "../src/name-skeleton.ts";

type Name = [string, string, string | null];

describe("nameSkeleton", () => {
  it.each([
    [
      ["Иванов", "Иван", "Иванович"],
      ["Ivanov", "Ivan", "Ivanovich"],
    ],
    [
      ["Иванов", "Иван", "Иванович"],
      ["Iwanow", "Iwan", "Iwanowitch"],
    ],
    [
      ["Юрьев", "Юрий", null],
      ["Iurev", "Iurii", null],
    ],
    [
      ["Юрьев", "Юрий", null],
      ["Yuryev", "Yuriy", null],
    ],
    [
      ["Хрущёв", "Никита", "Сергеевич"],
      ["Khrushchev", "Nikita", "Sergeevich"],
    ],
    [
      ["Цой", "Виктор", null],
      ["Tsoi", "Viktor", null],
    ],
    [
      ["Жуков", "Георгий", null],
      ["Zhukov", "Georgiy", null],
    ],
    [
      ["Александров", "Алексей", null],
      ["Alexandrov", "Aleksei", null],
    ],
  ] as [Name, Name][])("writes %j and its transliteration %j alike", (cyrillic, latin) => {
    expect(nameSkeleton(...latin)).toBe(nameSkeleton(...cyrillic));
  });

  it("keeps different names different", () => {
    expect(nameSkeleton("Иванов", "Иван", null)).not.toBe(nameSkeleton("Петров", "Иван", null));
  });

  it("leaves out missing parts", () => {
    expect(nameSkeleton("Иванов", "Иван", null)).toBe("ivanov ivan");
  });
});
