import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "../../lib/next-path.ts";
import { currentOperator } from "../../lib/session.ts";
import { SignInForm } from "./sign-in-form.tsx";

export const metadata: Metadata = { title: "Вход" };

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const next = safeNextPath((await searchParams).next);
  if (await currentOperator()) redirect(next);
  return (
    <main className="signin">
      <div className="signin-card">
        <p className="brand brand-large">LeadCore</p>
        <h1>Вход для операторов</h1>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
