"use client";
// The reference lists behind a lead's ids (lib/reference-book.ts), fetched once per page and kept
// for a minute: admins change them rarely, and every picker and history line of a page reads them.
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { type ReferenceBook, referenceBook } from "../../lib/reference-book.ts";
import { useTRPC } from "../../lib/trpc.tsx";

export function useReferenceBook(): ReferenceBook {
  const trpc = useTRPC();
  const lender = useQuery({ ...trpc.referenceList.list.queryOptions({}), staleTime: 60_000 });
  return useMemo(() => referenceBook(lender.data ?? null), [lender.data]);
}
