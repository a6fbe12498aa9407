"use client";
// The last search text of each list, kept in memory while the operator moves between pages (so
// "back to the list" keeps the search) but never in the URL: it may be a name, a phone or a
// passport number.
import { createContext, type ReactNode, useContext, useState } from "react";

type SearchMemory = { leads: string; clients: string };
type Context = { memory: SearchMemory; remember(list: keyof SearchMemory, text: string): void };

const SearchMemoryContext = createContext<Context | null>(null);

export function SearchMemoryProvider({ children }: { children: ReactNode }) {
  const [memory, setMemory] = useState<SearchMemory>({ leads: "", clients: "" });
  const remember = (list: keyof SearchMemory, text: string) =>
    setMemory((current) => ({ ...current, [list]: text }));
  return (
    <SearchMemoryContext.Provider value={{ memory, remember }}>
      {children}
    </SearchMemoryContext.Provider>
  );
}

export function useRememberedSearch(list: keyof SearchMemory): [string, (text: string) => void] {
  const context = useContext(SearchMemoryContext);
  if (!context) throw new Error("useRememberedSearch needs a SearchMemoryProvider");
  return [context.memory[list], (text) => context.remember(list, text)];
}
