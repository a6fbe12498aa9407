// Shared by the api package's tests: one person's lead as the tests send it, and the failure a
// tRPC call ended with, as a caller sees it (code, message, field issues).
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { issuesOf } from "../../src/index.ts";

/** The minimal lead the api tests send; each test adds the fields it is about. */
export const ivanovLead = {
  lastName: "Иванов",
  firstName: "Иван",
  patronymic: "Иванович",
  mobilePhone: "+79161234567",
  passport: { seria: "4506", no: "123456" },
  amount: 50000,
};

/** The TRPCError `promise` rejected with (the test fails if it resolved or threw something else). */
export async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  return { code: trpc.code, message: trpc.message, issues: issuesOf(trpc), error: trpc };
}
