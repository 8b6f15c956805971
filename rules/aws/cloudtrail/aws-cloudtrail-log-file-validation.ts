// CloudTrail trails must write digest files so that tampering with delivered logs can be detected.

import { defineRule, type Fix } from '../../api';
import { describe, expectBoolean } from '../../helpers';
import { reportingFix } from '../fixes';

// Turning validation on is an in-place update of the trail: digest files start with the next delivery.
const TERRAFORM_FIX: Fix = {
  title: 'Set enable_log_file_validation = true',
  safe: true,
  actions: [{ kind: 'set', path: ['enable_log_file_validation'], value: true }],
};
const TEMPLATE_FIX: Fix = {
  title: 'Set EnableLogFileValidation: true',
  safe: true,
  actions: [{ kind: 'set', path: ['Properties', 'EnableLogFileValidation'], value: true }],
};

/** CloudTrail log file integrity validation on. */
export default defineRule({
  id: 'aws-cloudtrail-log-file-validation',
  title: 'CloudTrail log file integrity validation is enabled',
  description:
    'With log file validation, CloudTrail delivers signed hourly digest files that prove whether a log ' +
    'file was changed or deleted after delivery. Without them, someone who reached the log bucket could ' +
    'quietly remove the trace of their access to ePHI, and the audit trail could no longer be relied on.',
  remediation:
    'Set `enable_log_file_validation = true` on the trail (CloudFormation: `EnableLogFileValidation: true`; ' +
    'it can be switched on in place), and check digests with `aws cloudtrail validate-logs` during reviews:\n\n' +
    '```yaml\n' +
    'AccountTrail:\n' +
    '  Type: AWS::CloudTrail::Trail\n' +
    '  Properties:\n' +
    '    # ...\n' +
    '    EnableLogFileValidation: true\n' +
    '```',
  severity: 'warning',
  theme: 'logging',
  hipaa: ['164.312(c)(1)', '164.312(c)(2)'],
  iso27017: ['12.4.2'],
  appliesTo: { terraform: ['aws_cloudtrail'], cloudformation: ['AWS::CloudTrail::Trail'] },
  fix: 'safe',
  equivalents: { checkov: ['CKV_AWS_36'], tfsec: ['aws-cloudtrail-enable-log-validation'] },
  terraform(resource, context) {
    expectBoolean(resource, reportingFix(context, TERRAFORM_FIX), ['enable_log_file_validation'], true, false, {
      missing: `${describe('CloudTrail trail', resource)} cannot prove its logs are intact: enable_log_file_validation is not set`,
      wrong: `${describe('CloudTrail trail', resource)} cannot prove its logs are intact: enable_log_file_validation is false`,
    });
  },
  cloudformation(resource, context) {
    expectBoolean(resource, reportingFix(context, TEMPLATE_FIX), ['Properties', 'EnableLogFileValidation'], true, false, {
      missing: `${describe('CloudTrail trail', resource)} cannot prove its logs are intact: EnableLogFileValidation is not set`,
      wrong: `${describe('CloudTrail trail', resource)} cannot prove its logs are intact: EnableLogFileValidation is false`,
    });
  },
});
