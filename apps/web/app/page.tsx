import { redirect } from "next/navigation";

// The operator's start page is the list of leads (which sends a signed-out visitor to sign in).
export default function HomePage() {
  redirect("/leads");
}
