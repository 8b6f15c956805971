// Generates large CloudFormation templates for the benchmarks: CDK-style synth output (JSON, hashed
// logical ids, aws:cdk:path metadata, intrinsics) and the same resources as a YAML template.

const KINDS = [
  (i: number) => ({
    [`PatientsDb${i}A1B2C3D4`]: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        Engine: 'postgres',
        DBInstanceClass: 'db.r6g.large',
        AllocatedStorage: '100',
        StorageEncrypted: i % 3 !== 0,
        KmsKeyId: { 'Fn::GetAtt': [`DataKey${i}E5F6A7B8`, 'Arn'] },
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
        PubliclyAccessible: false,
        DBSubnetGroupName: { Ref: `DbSubnets${i}C9D0E1F2` },
        VPCSecurityGroups: [{ 'Fn::GetAtt': [`DbSecurityGroup${i}A3B4C5D6`, 'GroupId'] }],
        Tags: [{ Key: 'DataClass', Value: 'ePHI' }, { Key: 'Name', Value: `patients-${i}` }],
      },
      UpdateReplacePolicy: 'Snapshot',
      DeletionPolicy: 'Snapshot',
      Metadata: { 'aws:cdk:path': `ClinicalStack/PatientsDb${i}/Resource` },
    },
  }),
  (i: number) => ({
    [`DataKey${i}E5F6A7B8`]: {
      Type: 'AWS::KMS::Key',
      Properties: {
        EnableKeyRotation: i % 4 !== 0,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
      },
      UpdateReplacePolicy: 'Retain',
      DeletionPolicy: 'Retain',
      Metadata: { 'aws:cdk:path': `ClinicalStack/DataKey${i}/Resource` },
    },
  }),
  (i: number) => ({
    [`Records${i}F1E2D3C4`]: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: i % 2 ? 'aws:kms' : 'AES256' } }],
        },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        Tags: [{ Key: 'aws-cdk:auto-delete-objects', Value: 'false' }],
      },
      Metadata: { 'aws:cdk:path': `ClinicalStack/Records${i}/Resource` },
    },
  }),
  (i: number) => ({
    [`AppSecurityGroup${i}B5A6C7D8`]: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `ClinicalStack/AppSecurityGroup${i}`,
        SecurityGroupIngress: [
          { CidrIp: i % 5 ? '10.0.0.0/8' : '0.0.0.0/0', Description: 'ssh', FromPort: 22, IpProtocol: 'tcp', ToPort: 22 },
          { CidrIp: '0.0.0.0/0', Description: 'https', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
        ],
        VpcId: { Ref: 'VpcId' },
      },
      Metadata: { 'aws:cdk:path': `ClinicalStack/AppSecurityGroup${i}/Resource` },
    },
  }),
  (i: number) => ({
    [`ReaderRole${i}D4C3B2A1`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
          Version: '2012-10-17',
        },
        Policies: [
          {
            PolicyName: 'read',
            PolicyDocument: {
              Statement: [
                { Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Effect: 'Allow', Resource: [{ 'Fn::GetAtt': [`Records${i}F1E2D3C4`, 'Arn'] }] },
                { Action: i % 7 ? 'kms:Decrypt' : 'kms:*', Effect: 'Allow', Resource: i % 7 ? { 'Fn::GetAtt': [`DataKey${i}E5F6A7B8`, 'Arn'] } : '*' },
              ],
              Version: '2012-10-17',
            },
          },
        ],
      },
      Metadata: { 'aws:cdk:path': `ClinicalStack/ReaderRole${i}/Resource` },
    },
  }),
];

// Tags CDK apps typically propagate to every resource (they make up much of real synth output's size).
const STACK_TAGS = ['Application', 'CostCenter', 'DataClassification', 'Environment', 'Owner', 'Compliance', 'BackupPolicy', 'Repository'].map(
  (Key, index) => ({ Key, Value: `clinical-platform-${Key.toLowerCase()}-value-${index}-${'x'.repeat(40)}` }),
);

/** A CDK-style template object with `resources` resources. */
export function generateTemplate(resources: number): Record<string, unknown> {
  const Resources: Record<string, unknown> = {};
  for (let index = 0; index < resources; index++) {
    const resource = KINDS[index % KINDS.length](Math.floor(index / KINDS.length));
    for (const entry of Object.values(resource) as { Properties: Record<string, unknown> }[]) {
      entry.Properties.Tags = [...((entry.Properties.Tags as unknown[]) ?? []), ...STACK_TAGS];
    }
    Object.assign(Resources, resource);
  }
  return {
    Parameters: { VpcId: { Type: 'AWS::EC2::VPC::Id' }, BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
    Resources,
  };
}

function yamlScalar(value: unknown): string {
  if (typeof value === 'string') {
    const plain = /^[A-Za-z_][A-Za-z0-9_./:*-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value);
    return plain ? value : JSON.stringify(value);
  }
  return JSON.stringify(value);
}

/** Renders a template object as block-style YAML (what a hand-written template looks like). */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (item !== null && typeof item === 'object') {
        const body = toYaml(item, indent + '  ');
        return `${indent}- ${body.slice(indent.length + 2)}`;
      }
      return `${indent}- ${yamlScalar(item)}\n`;
    }).join('');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, item]) => {
      const name = /^[A-Za-z0-9_:-]+$/.test(key) && !key.includes(': ') ? key : JSON.stringify(key);
      if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length > 0 : Object.keys(item).length > 0)) {
        return `${indent}${name}:\n${toYaml(item, indent + '  ')}`;
      }
      return `${indent}${name}: ${Array.isArray(item) ? '[]' : item !== null && typeof item === 'object' ? '{}' : yamlScalar(item)}\n`;
    }).join('');
  }
  return `${indent}${yamlScalar(value)}\n`;
}
