// Every Secrets Manager secret must have a rotation schedule (aws_secretsmanager_secret_rotation / RotationSchedule).

import { defineRule, type Resource, type RuleContext } from '../../api';
import { describe, judge, reasonOf, type Verdict } from '../../helpers';
import { perConfiguration } from '../../../server/src/model/memo';
import { asString, collectRefs, getPath, type Value } from '../../../server/src/model/value';

const ROTATION = 'aws_secretsmanager_secret_rotation';

/** The rotations whose secret_id is a known string, with it (memoised: every secret asks). */
const literalRotations = perConfiguration((config): { rotation: Resource; id: string }[] => {
  const out: { rotation: Resource; id: string }[] = [];
  for (const rotation of config.ofType(ROTATION)) {
    const id = asString(getPath(rotation.body, ['secret_id']));
    if (id !== undefined) out.push({ rotation, id });
  }
  return out;
});

const CFN_ROTATION = 'AWS::SecretsManager::RotationSchedule';
const SECRET_ID = ['Properties', 'SecretId'];

/** Whether a known SecretId names the secret called `name` (by name, or by ARN with its random suffix). */
function namesSecret(id: string, name: string): boolean {
  return id === name || id.includes(`:secret:${name}-`);
}

/**
 * Whether one alternative of a RotationSchedule's SecretId is this secret: 'pass' when it references it
 * (or names it), 'fail' when it is certainly another secret, 'unknown' otherwise.
 */
function targetsSecret(context: RuleContext, secret: Resource, name: string | undefined, link: Value | undefined): Verdict {
  if (link === undefined) return 'fail';
  const refs = collectRefs(link);
  if (refs.some((ref) => ref.kind === 'cfn-resource' && ref.name === secret.name)) return 'pass';
  const text = asString(link);
  if (text !== undefined) return name !== undefined && namesSecret(text, name) ? 'pass' : 'fail';
  return refs.length > 0 && refs.every((ref) => ref.kind === 'cfn-resource' && context.config.resolve(ref) !== undefined) ? 'fail' : 'unknown';
}

/** Secrets Manager rotation scheduled. */
export default defineRule({
  id: 'aws-secretsmanager-rotation-enabled',
  title: 'Secrets Manager secrets have automatic rotation',
  description:
    'Secrets such as database passwords and API keys are the credentials that reach ePHI. A secret that ' +
    'never changes stays valid for anyone who ever copied it (a former employee, a leaked log or build ' +
    'artifact). Scheduled rotation bounds how long a stolen credential works and is the password ' +
    'management evidence auditors look for.',
  remediation:
    'Add an `aws_secretsmanager_secret_rotation` for the secret, with a rotation function (or managed ' +
    'rotation) and a schedule:\n\n' +
    '```hcl\n' +
    'resource "aws_secretsmanager_secret_rotation" "db" {\n' +
    '  secret_id           = aws_secretsmanager_secret.db.id\n' +
    '  rotation_lambda_arn = aws_lambda_function.rotate_db.arn\n' +
    '  rotation_rules {\n' +
    '    automatically_after_days = 30\n' +
    '  }\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, add an `AWS::SecretsManager::RotationSchedule` whose `SecretId` references the secret:\n\n' +
    '```yaml\n' +
    'DbSecretRotation:\n' +
    '  Type: AWS::SecretsManager::RotationSchedule\n' +
    '  Properties:\n' +
    '    SecretId: !Ref DbSecret\n' +
    '    HostedRotationLambda:\n' +
    '      RotationType: PostgreSQLSingleUser\n' +
    '    RotationRules:\n' +
    '      AutomaticallyAfterDays: 30\n' +
    '```\n\n' +
    'For RDS master passwords, `manage_master_user_password = true` (CloudFormation: ' +
    '`ManageMasterUserPassword: true`) creates a secret that RDS rotates itself.',
  severity: 'warning',
  theme: 'key-management',
  hipaa: ['164.308(a)(4)(ii)(B)'],
  iso27017: ['9.2.4', '9.4.3', '10.1.2'],
  appliesTo: { terraform: ['aws_secretsmanager_secret'], cloudformation: ['AWS::SecretsManager::Secret'] },
  fix: 'none',
  equivalents: { checkov: ['CKV2_AWS_57', 'CKV_AWS_304'] },
  terraform(resource, context) {
    const join = context.related(resource, ROTATION, 'secret_id');
    const matches = [...join.matches];
    const name = getPath(resource.body, ['name']);
    const knownName = asString(name);
    // secret_id may also be the secret's full ARN written out: "arn:...:secret:<name>-<6 random characters>".
    if (knownName !== undefined) {
      for (const { rotation, id } of literalRotations(context.config)) {
        if (id.includes(`:secret:${knownName}-`) && !matches.includes(rotation)) matches.push(rotation);
      }
    }
    if (matches.some((rotation) => rotation.certain)) return;
    if (matches.length > 0) {
      context.notEvaluable(`the ${ROTATION} of this secret may not be created (count/for_each is not known)`);
      return;
    }
    if (join.uncertain) {
      context.notEvaluable(`some ${ROTATION} has a secret_id that is not known and may point at this secret`);
      return;
    }
    // Why: when this secret's own name is unknown, a rotation naming a secret by a literal name or ARN may be it.
    if (name !== undefined && knownName === undefined && literalRotations(context.config).length > 0) {
      context.notEvaluable(`name: ${name.kind === 'unknown' ? name.reason : 'not a string'}; a rotation names its secret literally`, ['name']);
      return;
    }
    context.report(`${describe('Secrets Manager secret', resource)} is never rotated: no ${ROTATION} references it`);
  },
  cloudformation(resource, context) {
    const namePath = ['Properties', 'Name'];
    const name = getPath(resource.body, namePath);
    const knownName = asString(name);
    let uncertain: string | undefined;
    let mayRotate = false;
    for (const rotation of context.config.ofType(CFN_ROTATION)) {
      const link = getPath(rotation.body, SECRET_ID);
      // An Fn::If SecretId rotates this secret only when every branch names it.
      const verdict = judge(link, (alternative) => targetsSecret(context, resource, knownName, alternative));
      if (verdict === 'pass' && rotation.certain) return;
      if (verdict === 'pass') mayRotate = true;
      else if (verdict === 'unknown') uncertain ??= `${rotation.address}: ${reasonOf(link!, SECRET_ID)}; it may point at this secret`;
      // Why: when this secret's own name is unknown, a schedule naming a secret by a literal name or ARN may be it.
      else if (name !== undefined && knownName === undefined && asString(link) !== undefined) {
        uncertain ??= `${reasonOf(name, namePath)}; ${rotation.address} names a secret literally`;
      }
    }
    if (mayRotate) {
      context.notEvaluable(`the ${CFN_ROTATION} of this secret may not be created (its Condition is not known)`);
    } else if (uncertain !== undefined) {
      context.notEvaluable(uncertain);
    } else {
      context.report(`${describe('Secrets Manager secret', resource)} is never rotated: no ${CFN_ROTATION} references it`);
    }
  },
});
