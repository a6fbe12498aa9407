import { describe, expect, it } from "vitest";
import {
  DEFAULT_DUPLICATE_SETTINGS,
  DuplicateSettingError,
  readDuplicateSettings,
  scoreCandidate,
} from "../src/index.ts";

describe("duplicate suspicion's settings", () => {
  it("defaults to a 0.6 threshold, a 30-day repeat window and a 5 s scan", () => {
    expect(readDuplicateSettings({})).toEqual(DEFAULT_DUPLICATE_SETTINGS);
    expect(DEFAULT_DUPLICATE_SETTINGS).toEqual({
      threshold: 0.6,
      repeatWindowDays: 30,
      scanIntervalSeconds: 5,
    });
  });

  it("reads each setting", () => {
    expect(
      readDuplicateSettings({
        LEADCORE_SUSPICION_THRESHOLD: "0.8",
        LEADCORE_REPEAT_WINDOW_DAYS: "0",
        LEADCORE_DUPLICATE_SCAN_SECONDS: "0.5",
      }),
    ).toEqual({ threshold: 0.8, repeatWindowDays: 0, scanIntervalSeconds: 0.5 });
  });

  it.each([
    ["LEADCORE_SUSPICION_THRESHOLD", "1.5"],
    ["LEADCORE_SUSPICION_THRESHOLD", "высокий"],
    ["LEADCORE_REPEAT_WINDOW_DAYS", "-1"],
    ["LEADCORE_REPEAT_WINDOW_DAYS", "2.5"],
    ["LEADCORE_DUPLICATE_SCAN_SECONDS", "-3"],
  ])("refuses %s=%s, naming the setting and not echoing the value", (name, value) => {
    const read = () => readDuplicateSettings({ [name]: value });
    expect(read).toThrow(DuplicateSettingError);
    expect(read).toThrow(name);
    try {
      read();
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
    }
  });
});

describe("scoring a candidate", () => {
  const none = {
    samePassport: false,
    sameBirthDate: false,
    samePhone: false,
    sameInn: false,
    sameSnils: false,
    lastDistance: 0,
    firstDistance: 0,
    patronymicDistance: 0,
    swappedDistance: 10,
    skeletonSimilarity: 1,
    latinName: false,
    lengths: { last: 6, first: 4, patronymic: 8 },
  };

  it("combines reasons as independent evidence: a typo with a shared phone scores above either", () => {
    const typo = scoreCandidate({ ...none, firstDistance: 1, samePassport: true });
    expect(typo.reasons).toEqual(["SAME_PASSPORT", "NAME_TYPO"]);
    expect(typo.score).toBeCloseTo(1 - 0.3 * 0.25, 3);
    const withPhone = scoreCandidate({
      ...none,
      firstDistance: 1,
      samePassport: true,
      samePhone: true,
    });
    expect(withPhone.score).toBeGreaterThan(typo.score);
  });

  it("a name alone, however close, is no reason", () => {
    expect(scoreCandidate({ ...none, firstDistance: 1 }).reasons).toEqual([]);
    expect(scoreCandidate(none).reasons).toEqual([]);
  });

  it("two letters in a short part are another name, not a typo (Анна and Алла)", () => {
    const twin = scoreCandidate({
      ...none,
      firstDistance: 2,
      sameBirthDate: true,
      lengths: { last: 6, first: 4, patronymic: 8 },
    });
    expect(twin.reasons).toEqual([]);
  });
});
