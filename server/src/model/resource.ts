// The format-neutral view of a configuration that rules read: resources with positioned values.

import type { Range } from '../parse/range';
import type { ObjectValue, Reference } from './value';

/** Which source family a resource came from (decides which rule handler runs). */
export type SourceFamily = 'terraform' | 'cloudformation';

/** One resource (or Terraform data source) with its evaluated body. */
export interface Resource {
  family: SourceFamily;
  /** Terraform distinguishes managed resources from data sources; CloudFormation has only resources. */
  mode: 'resource' | 'data';
  /** `aws_db_instance` or `AWS::RDS::DBInstance`. */
  type: string;
  /** Terraform resource name or CloudFormation logical id. */
  name: string;
  /** `aws_db_instance.clinical`, `data.aws_iam_policy_document.x`, or the logical id. */
  address: string;
  /** Path of the file the resource is written in. */
  file: string;
  /** The whole resource. */
  range: Range;
  /** Where to report "something is missing": the block header or the logical id key. */
  headerRange: Range;
  /** Attributes and nested blocks (repeated nested blocks are lists of objects). */
  body: ObjectValue;
  /** False when count/for_each/Condition means the resource may not exist at all (never a finding reason). */
  certain: boolean;
  /**
   * Terraform: written with count or for_each, so other resources reach it through one of its instances
   * (`aws_kms_key.logs[0].arn`); a fix never writes a plain reference to it.
   */
  repeated?: boolean;
  /** The CDK / CDKTF construct path, when the file is synthesised output. */
  constructPath?: string;
}

/** A set of resources linted together (a Terraform module directory, or one template). */
export interface Configuration {
  family: SourceFamily;
  /** Directory (Terraform) or template file (CloudFormation) this configuration came from. */
  root: string;
  resources: Resource[];
  /** Looks up the resource or data source a reference points at, when it is in this configuration. */
  resolve(ref: Reference): Resource | undefined;
  /** All resources (not data sources) of one type. */
  ofType(type: string): Resource[];
}

/** Builds the lookup functions of a Configuration over a list of resources. */
export function makeConfiguration(family: SourceFamily, root: string, resources: Resource[]): Configuration {
  const byType = new Map<string, Resource[]>();
  // Terraform resources and data sources by type and name, CloudFormation resources by logical id. Why
  // not one map by address: hashing a freshly built "type.name" string per resource and per lookup was a
  // visible share of building the model and of every join.
  const managed = new Map<string, Map<string, Resource>>();
  const data = new Map<string, Map<string, Resource>>();
  const byLogicalId = new Map<string, Resource>();
  for (const resource of resources) {
    if (resource.family === 'cloudformation') byLogicalId.set(resource.address, resource);
    else {
      const byMode = resource.mode === 'data' ? data : managed;
      let byName = byMode.get(resource.type);
      if (byName === undefined) byMode.set(resource.type, (byName = new Map()));
      byName.set(resource.name, resource);
    }
    if (resource.mode !== 'resource') continue;
    const list = byType.get(resource.type);
    if (list) list.push(resource);
    else byType.set(resource.type, [resource]);
  }
  return {
    family,
    root,
    resources,
    ofType: (type) => byType.get(type) ?? [],
    resolve(ref) {
      if (ref.kind === 'resource') return managed.get(ref.type)?.get(ref.name);
      if (ref.kind === 'data') return data.get(ref.type)?.get(ref.name);
      if (ref.kind === 'cfn-resource') return byLogicalId.get(ref.name);
      return undefined;
    },
  };
}
