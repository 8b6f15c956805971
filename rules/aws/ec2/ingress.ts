// Shared logic of the public-ingress rule: which sensitive ports a security group rule opens, and
// whether its source addresses include the whole internet (any CIDR with prefix length 0).

import type { Value, ValuePath } from '../../api';
import { reasonOf } from '../../helpers';
import { asNumber, asString, getPath } from '../../../server/src/model/value';

/** A port that must never be reachable from the whole internet, and what usually listens on it. */
export interface SensitivePort {
  port: number;
  service: string;
}

/**
 * Remote administration, legacy clear-text and database ports. The union of the AWS Config
 * `restricted-ssh` / `restricted-common-ports` defaults, cdk-nag's EC2RestrictedSSH and
 * EC2RestrictedCommonPorts lists, and the default ports of the database engines AWS manages.
 */
export const SENSITIVE_PORTS: readonly SensitivePort[] = [
  { port: 20, service: 'FTP data' },
  { port: 21, service: 'FTP' },
  { port: 22, service: 'SSH' },
  { port: 23, service: 'Telnet' },
  { port: 1433, service: 'SQL Server' },
  { port: 1521, service: 'Oracle' },
  { port: 3306, service: 'MySQL' },
  { port: 3309, service: 'database' },
  { port: 3389, service: 'RDP' },
  { port: 4333, service: 'mSQL' },
  { port: 5432, service: 'PostgreSQL' },
  { port: 5439, service: 'Redshift' },
  { port: 6379, service: 'Redis' },
  { port: 9200, service: 'Elasticsearch/OpenSearch' },
  { port: 11211, service: 'Memcached' },
  { port: 27017, service: 'MongoDB' },
];

/** The sensitive ports as Markdown text, for rule descriptions. */
export const SENSITIVE_PORTS_TEXT = SENSITIVE_PORTS.map((entry) => `${entry.port} (${entry.service})`).join(', ');

/** Attribute names of one ingress rule shape (inline block, legacy rule resource, VPC rule resource). */
export interface IngressShape {
  protocol: string;
  fromPort: string;
  toPort: string;
  /** Attributes holding source CIDRs (each a string or a list of strings). */
  cidrs: readonly string[];
}

/** What one ingress rule opens, as far as sensitive ports go. */
export type PortExposure =
  | { kind: 'all-protocols' }
  | { kind: 'ports'; from: number; to: number; hits: SensitivePort[] }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string; path: ValuePath };

/** A finding or an undecidable point found while checking one ingress rule. */
export interface IngressOutcome {
  findings: { detail: string; path: ValuePath }[];
  unknowns: { reason: string; path: ValuePath }[];
}

// Protocols whose rules carry a port range (names and IANA numbers, as the EC2 API accepts both).
const PORT_PROTOCOLS = new Set(['tcp', '6', 'udp', '17']);
const ALL_PROTOCOLS = new Set(['-1', 'all']);

/** Which sensitive ports the rule at `base` opens. ICMP and other port-less protocols open none. */
export function portExposure(root: Value, base: ValuePath, shape: IngressShape): PortExposure {
  const protocolPath = [...base, shape.protocol];
  const protocolValue = getPath(root, protocolPath);
  if (protocolValue === undefined) return { kind: 'unknown', reason: `${protocolPath.join('.')}: not set`, path: protocolPath };
  const protocol = asString(protocolValue)?.trim().toLowerCase();
  if (protocol === undefined) return { kind: 'unknown', reason: reasonOf(protocolValue, protocolPath), path: protocolPath };
  if (ALL_PROTOCOLS.has(protocol)) return { kind: 'all-protocols' };
  if (!PORT_PROTOCOLS.has(protocol)) return { kind: 'none' };
  const ends: number[] = [];
  for (const name of [shape.fromPort, shape.toPort]) {
    const path = [...base, name];
    const value = getPath(root, path);
    const port = asNumber(value);
    if (port === undefined) {
      return { kind: 'unknown', reason: value === undefined ? `${path.join('.')}: not set` : reasonOf(value, path), path };
    }
    ends.push(port);
  }
  const from = Math.min(ends[0], ends[1]);
  const to = Math.max(ends[0], ends[1]);
  const hits = SENSITIVE_PORTS.filter((entry) => entry.port >= from && entry.port <= to);
  return hits.length === 0 ? { kind: 'none' } : { kind: 'ports', from, to, hits };
}

/** Words for what is opened: `port 22 (SSH)`, `all ports`, `ports 20-23 (including 22 SSH, ...)`. */
export function describeExposure(exposure: Extract<PortExposure, { kind: 'all-protocols' | 'ports' }>): string {
  if (exposure.kind === 'all-protocols') return 'all protocols and ports';
  if (exposure.from <= 1 && exposure.to >= 65535) return 'all ports';
  if (exposure.from === exposure.to) return `port ${exposure.from} (${exposure.hits[0].service})`;
  const listed = exposure.hits.map((entry) => `${entry.port} ${entry.service}`).join(', ');
  return `ports ${exposure.from}-${exposure.to} (including ${listed})`;
}

// Attributes of VPCs and subnets that hold their own address range: AWS limits those to /16../28
// (IPv4) and /44../64 (IPv6), so a direct reference to one can never be the whole internet.
const NETWORK_RANGE_SOURCES = new Set(['aws_vpc', 'aws_default_vpc', 'aws_subnet', 'aws_default_subnet']);
const NETWORK_RANGE_ATTRIBUTES = new Set(['cidr_block', 'ipv6_cidr_block']);

/** True for an unknown that is exactly `aws_vpc.x.cidr_block` (or a subnet's, or data.aws_vpc's). */
function isNetworkRangeReference(value: Value): boolean {
  if (value.kind !== 'unknown' || value.refs.length !== 1) return false;
  const [ref] = value.refs;
  if (!NETWORK_RANGE_SOURCES.has(ref.type) || ref.attribute.length !== 1 || !NETWORK_RANGE_ATTRIBUTES.has(ref.attribute[0])) return false;
  // Only a plain reference qualifies: a condition or function over it could yield anything.
  if (ref.kind === 'resource') return value.reason === `${ref.type}.${ref.name}.${ref.attribute[0]} is computed`;
  if (ref.kind === 'data') return value.reason === `data.${ref.type}.${ref.name} is read at apply time`;
  return false;
}

/** The internet-wide CIDRs among a string or list value, and why it cannot be read, if so. */
function openCidrs(value: Value | undefined, path: ValuePath): { open: string[]; unknown?: string } {
  if (value === undefined) return { open: [] };
  if (value.kind === 'unknown') return isNetworkRangeReference(value) ? { open: [] } : { open: [], unknown: reasonOf(value, path) };
  const items = value.kind === 'list' ? value.items : [value];
  const open: string[] = [];
  let unknownReason: string | undefined;
  items.forEach((item, index) => {
    const text = asString(item);
    if (text !== undefined) {
      if (/\/0$/.test(text.trim())) open.push(text.trim());
    } else if (item.kind === 'unknown' && !isNetworkRangeReference(item)) {
      unknownReason ??= reasonOf(item, value.kind === 'list' ? [...path, index] : path);
    }
  });
  return { open, unknown: unknownReason };
}

/**
 * Checks one ingress rule at `base` inside `root`: a finding per CIDR attribute that opens a
 * sensitive port to the internet; an unknown wherever an unreadable value could hide one.
 */
export function checkIngressRule(root: Value, base: ValuePath, shape: IngressShape): IngressOutcome {
  const outcome: IngressOutcome = { findings: [], unknowns: [] };
  const exposure = portExposure(root, base, shape);
  if (exposure.kind === 'none') return outcome;
  for (const attribute of shape.cidrs) {
    const path = [...base, attribute];
    const sources = openCidrs(getPath(root, path), path);
    if (sources.open.length > 0) {
      if (exposure.kind === 'unknown') outcome.unknowns.push({ reason: exposure.reason, path: exposure.path });
      else outcome.findings.push({ detail: `allows ingress from ${sources.open.join(', ')} to ${describeExposure(exposure)}`, path });
    } else if (sources.unknown !== undefined) {
      outcome.unknowns.push({ reason: sources.unknown, path });
    }
  }
  return outcome;
}
