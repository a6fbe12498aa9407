import { isValidInn, isValidSnils } from "@leadcore/schema";
import { describe, expect, it } from "vitest";
import {
  formatSnils,
  personalInn,
  randomInn,
  randomMobilePhone,
  randomPassport,
  randomSnils,
  snilsCheck,
} from "../src/dedup/identifiers.ts";
import { Random } from "../src/dedup/random.ts";

describe("generated identifiers", () => {
  it("computes the check digits of DOMAIN.md's valid personal INN, not those of its invalid one", () => {
    expect(personalInn("1234567890")).toBe("123456789047");
    expect(personalInn("1234567890")).not.toBe("123456789037");
  });

  it("computes the check digits of DOMAIN.md's valid SNILS, not those of its invalid one", () => {
    expect(formatSnils(`112233445${snilsCheck("112233445")}`)).toBe("112-233-445 95");
    expect(formatSnils(`010242368${snilsCheck("010242368")}`)).toBe("010-242-368 77");
    expect(snilsCheck("010242368")).not.toBe("00");
  });

  it("gives check sums of 100 and 101 the check 00", () => {
    expect(snilsCheck("920000100")).toBe("00"); // 9*9 + 2*8 + 1*3 = 100
    expect(snilsCheck("920001000")).toBe("00"); // 9*9 + 2*8 + 1*4 = 101
    expect(isValidSnils("920-000-100 00")).toBe(true);
  });

  it("draws INN, SNILS, passports and phones that LeadCore's own checks accept", () => {
    const random = new Random(7);
    for (let i = 0; i < 2_000; i++) {
      expect(isValidInn(randomInn(random))).toBe(true);
      const snils = randomSnils(random);
      expect(isValidSnils(formatSnils(snils))).toBe(true);
      const passport = randomPassport(random);
      expect(passport.series).toMatch(/^\d{4}$/);
      expect(passport.number).toMatch(/^\d{6}$/);
      expect(randomMobilePhone(random)).toMatch(/^\+79\d{9}$/);
    }
  });
});
