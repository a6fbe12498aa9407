"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../lib/trpc.tsx";

export function SignOutButton() {
  const trpc = useTRPC();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      // A full load: nothing of the signed-in session stays in memory.
      onSettled: () => window.location.assign("/signin"),
    }),
  );
  return (
    <button
      type="button"
      className="button button-quiet"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
    >
      Выйти
    </button>
  );
}
