// Shared logic of the public-ingress rule: which sensitive ports a security group rule opens, and
// whether its source addresses include the whole internet (any CIDR with prefix length 0).

import type { Configuration, Fix, Resource, Value, ValuePath } from '../../api';
import { reasonOf } from '../../helpers';
import { asNumber, asString, getPath, type ObjectField, type Reference } from '../../../server/src/model/value';

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
  /** `detail` is the message tail; `from` / `to` its parts (the open sources, what is opened). */
  findings: { detail: string; from: string; to: string; path: ValuePath }[];
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
// (IPv4) and /44../64 (IPv6), so a reference to one can never be the whole internet.
const TERRAFORM_RANGE_SOURCES = new Set(['aws_vpc', 'aws_default_vpc', 'aws_subnet', 'aws_default_subnet']);
const TERRAFORM_RANGE_ATTRIBUTES = new Set(['cidr_block', 'ipv6_cidr_block']);
const CLOUDFORMATION_RANGE_SOURCES = new Set(['AWS::EC2::VPC', 'AWS::EC2::Subnet']);
const CLOUDFORMATION_RANGE_ATTRIBUTES = new Set(['CidrBlock']);

function isRangeSource(ref: Reference, config: Configuration): boolean {
  if (ref.attribute.length !== 1) return false;
  if (ref.kind === 'resource' || ref.kind === 'data') return TERRAFORM_RANGE_SOURCES.has(ref.type) && TERRAFORM_RANGE_ATTRIBUTES.has(ref.attribute[0]);
  if (ref.kind === 'cfn-resource') {
    const target = config.resolve(ref);
    return target !== undefined && CLOUDFORMATION_RANGE_SOURCES.has(target.type) && CLOUDFORMATION_RANGE_ATTRIBUTES.has(ref.attribute[0]);
  }
  return false;
}

/**
 * True for an unknown that depends on exactly one thing, the address range of a VPC or subnet
 * (`aws_vpc.main.cidr_block`, `data.aws_vpc.x.cidr_block`, `!GetAtt Vpc.CidrBlock`). A value that also
 * depends on anything else (a condition on a variable, a parameter) could be any range.
 */
function isNetworkRangeReference(value: Value, config: Configuration): boolean {
  return value.kind === 'unknown' && !value.alternatives && value.refs.length === 1 && isRangeSource(value.refs[0], config);
}

/** The internet-wide CIDRs among a string or list value, and why it cannot be read, if so. */
function openCidrs(value: Value | undefined, path: ValuePath, config: Configuration): { open: string[]; unknown?: string } {
  if (value === undefined) return { open: [] };
  if (value.kind === 'unknown') return isNetworkRangeReference(value, config) ? { open: [] } : { open: [], unknown: reasonOf(value, path) };
  const items = value.kind === 'list' ? value.items : [value];
  const open: string[] = [];
  let unknownReason: string | undefined;
  items.forEach((item, index) => {
    const text = asString(item);
    if (text !== undefined) {
      if (/\/0$/.test(text.trim())) open.push(text.trim());
    } else if (item.kind === 'unknown' && !isNetworkRangeReference(item, config)) {
      unknownReason ??= reasonOf(item, value.kind === 'list' ? [...path, index] : path);
    }
  });
  return { open, unknown: unknownReason };
}

/** Checks one ingress rule, known in every part that matters, at `base` inside `root`. */
function checkConcreteRule(root: Value, base: ValuePath, shape: IngressShape, config: Configuration): IngressOutcome {
  const outcome: IngressOutcome = { findings: [], unknowns: [] };
  const exposure = portExposure(root, base, shape);
  if (exposure.kind === 'none') return outcome;
  for (const attribute of shape.cidrs) {
    const path = [...base, attribute];
    const sources = openCidrs(getPath(root, path), path, config);
    if (sources.open.length > 0) {
      if (exposure.kind === 'unknown') outcome.unknowns.push({ reason: exposure.reason, path: exposure.path });
      else {
        const from = sources.open.join(', ');
        const to = describeExposure(exposure);
        outcome.findings.push({ detail: `allows ingress from ${from} to ${to}`, from, to, path });
      }
    } else if (sources.unknown !== undefined) {
      outcome.unknowns.push({ reason: sources.unknown, path });
    }
  }
  return outcome;
}

/** A choice on an unknown condition (CloudFormation Fn::If) met while expanding a rule. */
interface Choice {
  reason: string;
  path: ValuePath;
}

// More combinations than this are not worth expanding: the rule is then not evaluable.
const MAX_VARIANTS = 32;

/** One concrete form of a rule and the branch taken at each choice (`value` undefined = rule absent). */
interface Form {
  value: Value | undefined;
  picks: number[];
}

/**
 * The concrete forms a rule can take when it, or some of its fields, is an Fn::If on an unknown
 * condition: one per combination of branches. Only the fields named in `keys` (those the check reads)
 * are expanded. Branches of different fields are combined freely, a superset of the real combinations,
 * so "every form fails" and "every form passes" stay sound. Undefined when there are too many.
 */
function variants(rule: Value, path: ValuePath, keys: ReadonlySet<string>, choices: Choice[]): Form[] | undefined {
  if (rule.kind === 'unknown' && rule.alternatives) {
    choices.push({ reason: reasonOf(rule, path), path });
    const out: Form[] = [];
    for (const [pick, alternative] of rule.alternatives.entries()) {
      if (alternative.kind === 'null') {
        out.push({ value: undefined, picks: [pick] });
        continue;
      }
      const expanded = variants(alternative, path, keys, choices);
      if (expanded === undefined) return undefined;
      out.push(...expanded.map((form) => ({ value: form.value, picks: [pick, ...form.picks] })));
    }
    return out.length > MAX_VARIANTS ? undefined : out;
  }
  if (rule.kind !== 'object') return [{ value: rule, picks: [] }];
  let out: Form[] = [{ value: rule, picks: [] }];
  for (const [key, field] of rule.fields) {
    if (!keys.has(key) || field.value.kind !== 'unknown' || !field.value.alternatives) continue;
    const fieldPath = [...path, key];
    choices.push({ reason: reasonOf(field.value, fieldPath), path: fieldPath });
    const next: Form[] = [];
    for (const partial of out) {
      if (partial.value?.kind !== 'object') continue;
      for (const [pick, option] of field.value.alternatives.entries()) {
        const fields = new Map<string, ObjectField>(partial.value.fields);
        if (option.kind === 'null') fields.delete(key);
        // Not a spread: a field may be a lazily evaluated class instance whose ranges are getters.
        else fields.set(key, { value: option, range: field.range, keyRange: field.keyRange });
        // The range is set, not spread: values read from a template compute it in a getter.
        next.push({ value: { ...partial.value, fields, range: partial.value.range }, picks: [...partial.picks, pick] });
      }
    }
    if (next.length > MAX_VARIANTS) return undefined;
    out = next;
  }
  return out;
}

/**
 * Checks one ingress rule at `base` inside `root`: a finding per CIDR attribute that opens a
 * sensitive port to the internet; an unknown wherever an unreadable value could hide one. A rule that
 * is (or holds) an Fn::If on an unknown condition fails only when every branch fails, and is not
 * evaluable when the branches disagree.
 */
export function checkIngressRule(root: Value, base: ValuePath, shape: IngressShape, config: Configuration): IngressOutcome {
  const rule = getPath(root, base);
  if (rule === undefined) return { findings: [], unknowns: [] };
  const choices: Choice[] = [];
  const keys = new Set([shape.protocol, shape.fromPort, shape.toPort, ...shape.cidrs]);
  const forms = variants(rule, base, keys, choices);
  if (forms === undefined) return { findings: [], unknowns: [{ reason: `${base.join('.')}: too many Fn::If combinations to evaluate`, path: base }] };
  if (choices.length === 0) return checkConcreteRule(root, base, shape, config);
  // Each form is checked on its own; paths still lead into the written template (they stop at the Fn::If).
  const outcomes = forms.map((form) => (form.value === undefined ? { findings: [], unknowns: [] } : checkConcreteRule(form.value, [], shape, config)));
  const rebase = (path: ValuePath): ValuePath => [...base, ...path];
  if (outcomes.every((outcome) => outcome.findings.length > 0)) {
    // The message names what the consistent forms open (every choice on the same branch, as when the
    // Fn::Ifs share one condition), so it does not list combinations the template cannot produce.
    const consistent = outcomes.filter((_outcome, index) => forms[index].picks.every((pick) => pick === forms[index].picks[0]));
    const named = consistent.length > 0 ? consistent : outcomes;
    const byPath = new Map<string, { path: ValuePath; from: string[]; to: string[] }>();
    for (const outcome of named) {
      for (const finding of outcome.findings) {
        const key = finding.path.join('.');
        const entry = byPath.get(key) ?? { path: rebase(finding.path), from: [], to: [] };
        if (!entry.from.includes(finding.from)) entry.from.push(finding.from);
        if (!entry.to.includes(finding.to)) entry.to.push(finding.to);
        byPath.set(key, entry);
      }
    }
    return {
      findings: [...byPath.values()].map((entry) => {
        const from = entry.from.join(' or ');
        const to = entry.to.join(' or ');
        return { detail: `allows ingress from ${from} to ${to} (in every branch of its Fn::If)`, from, to, path: entry.path };
      }),
      unknowns: [],
    };
  }
  if (outcomes.some((outcome) => outcome.findings.length > 0)) {
    return { findings: [], unknowns: [{ reason: `${choices[0].reason} (one branch opens a sensitive port to the internet, another does not)`, path: choices[0].path }] };
  }
  return { findings: [], unknowns: outcomes.flatMap((outcome) => outcome.unknowns.map((unknown) => ({ reason: unknown.reason, path: rebase(unknown.path) }))) };
}

// ---- fixes ------------------------------------------------------------------------------------------

/** Whether a CIDR text is the whole internet (prefix length 0), as the check reads it. */
function isOpenCidr(item: Value): boolean {
  const text = asString(item);
  return text !== undefined && /\/0$/.test(text.trim());
}

/**
 * Terraform: the variable each CIDR attribute is restricted to. The fix declares it without a default,
 * so the user must name the ranges (a VPN or office range) before the next plan.
 */
const TERRAFORM_ADMIN_VARIABLES: Record<string, { name: string; type: string; description: string }> = {
  cidr_blocks: {
    name: 'admin_cidr_blocks',
    type: 'list(string)',
    description: 'IPv4 ranges allowed to reach administration and database ports (a VPN or office range, never 0.0.0.0/0)',
  },
  ipv6_cidr_blocks: {
    name: 'admin_ipv6_cidr_blocks',
    type: 'list(string)',
    description: 'IPv6 ranges allowed to reach administration and database ports (a VPN or office range, never ::/0)',
  },
  cidr_ipv4: {
    name: 'admin_cidr_ipv4',
    type: 'string',
    description: 'IPv4 range allowed to reach administration and database ports (a VPN or office range, never 0.0.0.0/0)',
  },
  cidr_ipv6: {
    name: 'admin_cidr_ipv6',
    type: 'string',
    description: 'IPv6 range allowed to reach administration and database ports (a VPN or office range, never ::/0)',
  },
};

/**
 * The Terraform fix of an internet-wide source at `path` (a CIDR attribute of one ingress rule). A list
 * that also names other sources loses its internet-wide entry (the first; one per application, so the
 * fix stays idempotent) and keeps the others. Otherwise the attribute is pointed at a variable the fix
 * declares. Not safe: who can connect changes.
 */
export function terraformIngressFix(root: Value, path: ValuePath): Fix | undefined {
  const attribute = path[path.length - 1];
  const variable = typeof attribute === 'string' ? TERRAFORM_ADMIN_VARIABLES[attribute] : undefined;
  // Only rules written out: not one item of a choice (the check's paths stop at an Fn::If).
  if (variable === undefined || getPath(root, path.slice(0, -1))?.kind !== 'object') return undefined;
  const value = getPath(root, path);
  if (value?.kind === 'list') {
    const open = value.items.findIndex(isOpenCidr);
    if (open >= 0 && !value.items.every(isOpenCidr)) {
      const cidr = asString(value.items[open])!.trim();
      return {
        title: `Remove ${cidr} from ${attribute}`,
        safe: false,
        note: `changes who can connect: only the other sources listed in ${attribute} keep access`,
        actions: [{ kind: 'remove', path: [...path, open] }],
      };
    }
  }
  return {
    title: `Restrict ${attribute} to var.${variable.name}`,
    safe: false,
    note:
      `changes who can connect: only the ranges given in var.${variable.name} reach the port; the variable has no ` +
      'default, so set it (e.g. to the VPN or office range) before the next plan',
    actions: [
      { kind: 'set', path, value: { $expression: `var.${variable.name}` } },
      { kind: 'add-variable', name: variable.name, type: variable.type, description: variable.description },
    ],
  };
}

/** The template's VPC a reference (`!Ref Vpc`, `!GetAtt Vpc.VpcId`) names, when it is one. */
function vpcOf(value: Value | undefined, config: Configuration): Resource | undefined {
  if (value?.kind !== 'unknown' || value.alternatives || value.refs.length !== 1) return undefined;
  const ref = value.refs[0];
  if (ref.kind !== 'cfn-resource' || !(ref.attribute.length === 0 || (ref.attribute.length === 1 && ref.attribute[0] === 'VpcId'))) return undefined;
  const target = config.resolve(ref);
  return target?.type === 'AWS::EC2::VPC' ? target : undefined;
}

/** The template's security group a reference (`!Ref Group`, `!GetAtt Group.GroupId`) names, when it is one. */
function securityGroupOf(value: Value | undefined, config: Configuration): Resource | undefined {
  if (value?.kind !== 'unknown' || value.alternatives || value.refs.length !== 1) return undefined;
  const ref = value.refs[0];
  if (ref.kind !== 'cfn-resource' || !(ref.attribute.length === 0 || (ref.attribute.length === 1 && ref.attribute[0] === 'GroupId'))) return undefined;
  const target = config.resolve(ref);
  return target?.type === 'AWS::EC2::SecurityGroup' ? target : undefined;
}

/**
 * The CloudFormation fix of an internet-wide `CidrIp` at `path`: the VPC's own range
 * (`!GetAtt Vpc.CidrBlock`), when the security group belongs to a VPC of the template. A template cannot
 * gain a Parameter through a fix, so without such a VPC (and for `CidrIpv6`, whose VPC ranges are a
 * list) there is none. Not safe: only hosts inside the VPC (a bastion, VPN endpoint, peered network)
 * keep access.
 */
export function cloudFormationIngressFix(resource: Resource, path: ValuePath, config: Configuration): Fix | undefined {
  if (path[path.length - 1] !== 'CidrIp' || getPath(resource.body, path.slice(0, -1))?.kind !== 'object') return undefined;
  const group = resource.type === 'AWS::EC2::SecurityGroup' ? resource : securityGroupOf(getPath(resource.body, ['Properties', 'GroupId']), config);
  const vpc = group && vpcOf(getPath(group.body, ['Properties', 'VpcId']), config);
  if (vpc === undefined) return undefined;
  return {
    title: `Restrict CidrIp to the range of VPC ${vpc.name}`,
    safe: false,
    note: `changes who can connect: only addresses inside VPC ${vpc.name} (a bastion, VPN endpoint or peered network) reach the port`,
    actions: [{ kind: 'set', path, value: { 'Fn::GetAtt': [vpc.name, 'CidrBlock'] } }],
  };
}
