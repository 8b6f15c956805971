// A CloudFormation template (hand-written, SAM, or CDK synth output) as a Configuration: one
// Resource per entry of `Resources`, with Parameters, Conditions and Mappings applied.

import { mapGet, type DataNode } from '../../parse/tree';
import { makeConfiguration, type Configuration, type Resource } from '../resource';
import { asString, getPath, unknown, type ObjectValue, type Value } from '../value';
import { TemplateScope } from './evaluate';

/**
 * True when a parsed YAML/JSON document is a CloudFormation template: it has AWSTemplateFormatVersion,
 * or a Resources map whose entries have `Type: AWS::...` / `Custom::...` (CI workflows, Kubernetes
 * manifests, package.json and the like are not).
 */
export function isCloudFormationTemplate(root: DataNode | undefined): boolean {
  if (root?.kind !== 'map') return false;
  if (mapGet(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  const resources = mapGet(root, 'Resources');
  if (resources?.kind !== 'map' || resources.entries.length === 0) return false;
  return resources.entries.some((entry) => {
    const type = mapGet(entry.value, 'Type');
    return type?.kind === 'scalar' && typeof type.value === 'string' && /^(AWS|Custom|Alexa)::/.test(type.value);
  });
}

function parameterValue(definition: DataNode, name: string): Value {
  const fallback = mapGet(definition, 'Default');
  const refs = [{ kind: 'cfn-parameter', type: '', name, attribute: [] }];
  if (fallback === undefined || fallback.kind !== 'scalar') return unknown(`parameter ${name} has no default`, definition.range, refs);
  const type = mapGet(definition, 'Type');
  const typeName = type?.kind === 'scalar' ? String(type.value) : 'String';
  // The default of an SSM parameter type is the parameter's name; its value is read at deploy time.
  if (typeName.startsWith('AWS::SSM::Parameter::Value<')) return unknown(`parameter ${name} is read from SSM at deploy time`, definition.range, refs);
  const text = fallback.value === null ? '' : String(fallback.value);
  // List parameters are written as comma-separated strings.
  if (typeName.startsWith('List<') || typeName === 'CommaDelimitedList') {
    return { kind: 'list', items: text.split(',').map((item) => ({ kind: 'string', value: item.trim(), range: fallback.range })), range: fallback.range };
  }
  return { kind: 'string', value: text, range: fallback.range };
}

/** Builds the configuration of one template file. */
export function buildCloudFormationConfig(file: string, root: DataNode): Configuration {
  const parameters = new Map<string, Value>();
  const parametersNode = mapGet(root, 'Parameters');
  if (parametersNode?.kind === 'map') for (const entry of parametersNode.entries) parameters.set(entry.key, parameterValue(entry.value, entry.key));
  const conditions = new Map<string, DataNode>();
  const conditionsNode = mapGet(root, 'Conditions');
  if (conditionsNode?.kind === 'map') for (const entry of conditionsNode.entries) conditions.set(entry.key, entry.value);
  const resourcesNode = mapGet(root, 'Resources');
  const entries = resourcesNode?.kind === 'map' ? resourcesNode.entries : [];
  const scope = new TemplateScope(parameters, conditions, mapGet(root, 'Mappings'), new Set(entries.map((entry) => entry.key)));

  const resources: Resource[] = [];
  for (const entry of entries) {
    const typeNode = mapGet(entry.value, 'Type');
    if (typeNode?.kind !== 'scalar' || typeof typeNode.value !== 'string') continue;
    let certain = true;
    const conditionName = mapGet(entry.value, 'Condition');
    if (conditionName?.kind === 'scalar') {
      const condition = scope.condition(String(conditionName.value), conditionName.range);
      if (condition.kind === 'bool' && !condition.value) continue;
      certain = condition.kind === 'bool';
    }
    const evaluated = scope.evaluate(entry.value);
    const body: ObjectValue = evaluated.kind === 'object' ? evaluated : { kind: 'object', fields: new Map(), range: entry.range };
    resources.push({
      family: 'cloudformation',
      mode: 'resource',
      type: typeNode.value,
      name: entry.key,
      address: entry.key,
      file,
      range: entry.range,
      headerRange: entry.keyRange,
      body,
      certain,
      constructPath: asString(getPath(body, ['Metadata', 'aws:cdk:path'])),
    });
  }
  return makeConfiguration('cloudformation', file, resources);
}
