// tRPC for the operator UI and the typed client (@leadcore/client); see @leadcore/api trpc-http.ts.
import { handleTrpcRequest } from "@leadcore/api";

// Next passes its route context as a second argument: it is not the handler's options.
const handler = (req: Request) => handleTrpcRequest(req);

export { handler as GET, handler as POST };
