"use client";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorRu } from "../../lib/labels.ts";
import { isApiError, useTRPC } from "../../lib/trpc.tsx";

export function SignInForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      // A full load, so the pages are rendered again with the new session.
      onSuccess: () => window.location.assign(next),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ login, password });
  };

  const error = signIn.error
    ? isApiError(signIn.error)
      ? // A login or password the contract refuses (too long, empty) is, to the operator, a wrong one.
        errorRu(
          signIn.error.data?.code === "BAD_REQUEST"
            ? { reason: "WRONG_CREDENTIALS" }
            : (signIn.error.data ?? {}),
        )
      : "Не удалось связаться с сервером"
    : null;

  return (
    <form className="stack" onSubmit={submit} method="post" noValidate>
      <div className="field">
        <label htmlFor="login">Логин</label>
        <input
          id="login"
          name="login"
          autoComplete="username"
          // biome-ignore lint/a11y/noAutofocus: signing in is this page's only task; the login field is where every visitor starts typing
          autoFocus
          required
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="password">Пароль</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        className="button button-primary"
        disabled={signIn.isPending || signIn.isSuccess || !login || !password}
      >
        {signIn.isPending || signIn.isSuccess ? "Входим…" : "Войти"}
      </button>
    </form>
  );
}
