import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a workspace's PostgreSQL may be. A workspace admin types the URL in Settings, and the
 * server Scale Review runs on connects to it: left unchecked, a workspace could make it connect
 * to the deployment's own network (its database, a metadata endpoint, anything on loopback). So
 * unless the operator allows private hosts (`slack.workspaces.privateDatabaseHosts`, for a
 * deployment inside the workspaces' own network), a host that is, or resolves to, a loopback,
 * private, link-local or otherwise non-public address is refused. Checked when the workspace's
 * source is built; the URL itself, and the addresses, are never in a message.
 */

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as its IPv4 address, else as given. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** Whether an IP address is not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return true;
  return NON_PUBLIC.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** Resolves a host name to every address it has (the resolver the system uses). */
export type ResolveHost = (host: string) => Promise<string[]>;

const systemResolve: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Why the URL's host may not be used (one line, no host or address), or null when it may. */
export async function privateHostProblem(
  databaseUrl: string,
  resolve: ResolveHost = systemResolve,
): Promise<string | null> {
  const host = new URL(databaseUrl).hostname.replace(/^\[|\]$/g, '');
  if (host === '' || host.toLowerCase() === 'localhost') return NOT_PUBLIC;
  if (isIP(host) !== 0) return isNonPublicAddress(host) ? NOT_PUBLIC : null;
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return 'the database host name does not resolve';
  }
  if (addresses.length === 0) return 'the database host name does not resolve';
  return addresses.some(isNonPublicAddress) ? NOT_PUBLIC : null;
}

const NOT_PUBLIC =
  'the database host is not on the public internet (loopback, private or link-local), which this deployment does not allow for a workspace';
