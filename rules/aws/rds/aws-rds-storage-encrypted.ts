// RDS instances and Aurora clusters must encrypt their storage: databases hold most structured ePHI.

import { defineRule } from '../../api';
import { describe, expectBoolean } from '../../helpers';
import { asString, getPath } from '../../../server/src/model/value';

/** RDS / Aurora storage encrypted at rest. */
export default defineRule({
  id: 'aws-rds-storage-encrypted',
  title: 'RDS instances and Aurora clusters encrypt storage at rest',
  description:
    'Relational databases usually hold the bulk of structured ePHI (patient records, claims, results). ' +
    'Unencrypted storage, snapshots and read replicas expose that data to anyone who obtains the volume or a ' +
    'snapshot copy. Encryption cannot be switched on for an existing instance in place, so it must be right ' +
    'when the database is created.',
  remediation:
    'Set `storage_encrypted = true` (and preferably `kms_key_id` to a customer-managed key). On an existing ' +
    'database this forces a replacement: restore from an encrypted snapshot copy to migrate the data.',
  severity: 'error',
  theme: 'encryption-at-rest',
  hipaa: ['164.312(a)(2)(iv)', '164.312(e)(2)(ii)'],
  iso27017: ['10.1.1', '10.1.2', '18.1.4'],
  appliesTo: { terraform: ['aws_db_instance', 'aws_rds_cluster'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_16', 'CKV_AWS_96'], tfsec: ['aws-rds-encrypt-instance-storage-data', 'aws-rds-encrypt-cluster-storage-data'] },
  terraform(resource, context) {
    const kind = resource.type === 'aws_rds_cluster' ? 'Aurora cluster' : 'RDS instance';
    // Aurora Serverless v1 clusters are always encrypted, whatever the attribute says.
    if (resource.type === 'aws_rds_cluster' && asString(getPath(resource.body, ['engine_mode'])) === 'serverless') return;
    expectBoolean(resource, context, ['storage_encrypted'], true, false, {
      missing: `${describe(kind, resource)} stores data unencrypted: storage_encrypted is not set`,
      wrong: `${describe(kind, resource)} stores data unencrypted: storage_encrypted is false`,
    });
  },
});
