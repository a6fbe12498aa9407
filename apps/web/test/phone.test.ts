import { describe, expect, it } from "vitest";
import { formatPhone, isPhoneField } from "../lib/phone.ts";

describe("formatPhone", () => {
  it.each([
    ["+79161234567", "+7 916 123-45-67"],
    ["79161234567", "+7 916 123-45-67"],
    ["89161234567", "+7 916 123-45-67"],
    ["9161234567", "+7 916 123-45-67"],
    ["8 (916) 123 45 67", "+7 916 123-45-67"],
    [" +7 916 123-45-67 ", "+7 916 123-45-67"],
    ["+7 (495) 123-45-67", "+7 495 123-45-67"],
  ])("writes the Russian number %j as %j", (phone, shown) => {
    expect(formatPhone(phone)).toBe(shown);
  });

  it.each(["+380501234567", "+7 916 ***-**-67", "12345", "доб. 123", "+7916123456789"])(
    "leaves %j as it is: not a Russian number",
    (phone) => {
      expect(formatPhone(phone)).toBe(phone);
    },
  );
});

describe("isPhoneField", () => {
  it("knows the contract's phone fields at any depth", () => {
    expect(isPhoneField("mobilePhone")).toBe(true);
    expect(isPhoneField("relatives.0.telephone")).toBe(true);
    expect(isPhoneField("addressData.telephone")).toBe(true);
    expect(isPhoneField("email")).toBe(false);
    expect(isPhoneField("mobilePhoneCheck")).toBe(false);
  });
});
