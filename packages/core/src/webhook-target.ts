// Where LeadCore may send a webhook: https only, and never to this machine, a private network, a
// link-local or a cloud metadata address (server-side request forgery: an endpoint URL must not
// become a way into the lender's own network). The address is checked after DNS resolution, on the
// address the connection then uses (the lookup below is the socket's own), so a name that resolves
// to a public address when saved and to 127.0.0.1 when sent is refused too.
//
// WEBHOOK_ALLOW_PRIVATE_TARGETS=true lifts both rules, for local development and the tests.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { MAX_WEBHOOK_URL } from "@leadcore/schema";
import { DomainError } from "./errors.ts";

export type TargetPolicy = { allowPrivateTargets: boolean };

// IANA's special-purpose registries: everything that is not a public unicast address.
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, with the cloud metadata address 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, with the broadcast address
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64 onto IPv4
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local, with fd00:ec2::254 (a cloud's metadata over IPv6)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** True for an address a webhook may not reach (IPv4-mapped IPv6 is judged as its IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return blocked.check(mapped[1], "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

const invalidUrl = (code: "INVALID_FORMAT" | "TARGET_NOT_ALLOWED", message: string) =>
  new DomainError("INVALID", "INVALID_WEBHOOK", "The webhook URL cannot be used", [
    {
      path: "url",
      code,
      ...(code === "INVALID_FORMAT" ? { params: { format: "url" as const } } : {}),
      message,
    },
  ]);

/**
 * The endpoint URL as it will be called, or a 400 naming `url`. An address written in the URL is
 * checked here; a host name is checked on every attempt, after it is resolved (guardedLookup).
 */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalidUrl("INVALID_FORMAT", "Not an absolute URL");
  }
  if (url.href.length > MAX_WEBHOOK_URL) throw invalidUrl("INVALID_FORMAT", "The URL is too long");
  if (url.username || url.password) {
    throw invalidUrl("INVALID_FORMAT", "Credentials do not belong in the URL");
  }
  if (url.protocol !== "https:" && !(policy.allowPrivateTargets && url.protocol === "http:")) {
    throw invalidUrl("TARGET_NOT_ALLOWED", "Only https:// URLs are allowed");
  }
  if (url.hash) throw invalidUrl("INVALID_FORMAT", "A webhook URL has no #fragment");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!policy.allowPrivateTargets) {
    if (isIP(host) !== 0 && isBlockedAddress(host)) {
      throw invalidUrl("TARGET_NOT_ALLOWED", "The address is not a public one");
    }
    if (host === "localhost" || host.endsWith(".localhost")) {
      throw invalidUrl("TARGET_NOT_ALLOWED", "The address is not a public one");
    }
  }
  return url;
}

/** Raised by guardedLookup: the name resolved to an address a webhook may not reach. */
export class BlockedTargetError extends Error {
  constructor() {
    super("blocked address");
    this.name = "BlockedTargetError";
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for node:http(s) requests: resolves the name and refuses the connection when any
 * address it resolves to is blocked (a name that mixes public and private answers is refused
 * rather than raced).
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (!policy.allowPrivateTargets && list.some((a) => isBlockedAddress(a.address))) {
        return callback(new BlockedTargetError() as NodeJS.ErrnoException, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error("no address") as NodeJS.ErrnoException, []);
      callback(null, first.address, first.family);
    });
  };
}
