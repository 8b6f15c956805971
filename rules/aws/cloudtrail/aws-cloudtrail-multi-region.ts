// CloudTrail trails must be logging, cover every region and include global service events (IAM, STS).

import { defineRule, type Fix, type ValuePath } from '../../api';
import { describe, expectBoolean } from '../../helpers';
import { reportingFix } from '../fixes';

/** A fix setting the trail flag at `path` to true. */
function setTrue(title: string, path: ValuePath, safe: boolean, note?: string): Fix {
  return { title, safe, ...(note ? { note } : {}), actions: [{ kind: 'set', path, value: true }] };
}

// Why not safe: a multi-region trail records, stores and bills the events of every region, and where another
// trail already records management events in a region this one becomes a paid second copy.
const MULTI_REGION_NOTE =
  'the trail then records every region: more log volume in its bucket, and management events already ' +
  'recorded by another trail in a region are billed as an additional copy';
// Resuming delivery and adding IAM/STS events are in-place updates of the trail.
const TERRAFORM = {
  multiRegion: setTrue('Set is_multi_region_trail = true', ['is_multi_region_trail'], false, MULTI_REGION_NOTE),
  logging: setTrue('Set enable_logging = true', ['enable_logging'], true),
  globalEvents: setTrue('Set include_global_service_events = true', ['include_global_service_events'], true),
};
const TEMPLATE = {
  multiRegion: setTrue('Set IsMultiRegionTrail: true', ['Properties', 'IsMultiRegionTrail'], false, MULTI_REGION_NOTE),
  logging: setTrue('Set IsLogging: true', ['Properties', 'IsLogging'], true),
  globalEvents: setTrue('Set IncludeGlobalServiceEvents: true', ['Properties', 'IncludeGlobalServiceEvents'], true),
};

/** CloudTrail on, multi-region, with global service events. */
export default defineRule({
  id: 'aws-cloudtrail-multi-region',
  title: 'CloudTrail trails log all regions, including global service events',
  description:
    'CloudTrail is the account-wide record of who did what to the resources holding ePHI, and the evidence ' +
    'that information system activity review relies on. A single-region trail misses activity in every ' +
    'other region (where an attacker may start resources or copy data), a trail without global service ' +
    'events misses IAM and STS changes, and a paused trail records nothing at all.',
  remediation:
    'Make the trail multi-region and keep logging and global service events on (in Terraform both default ' +
    'to true):\n\n' +
    '```hcl\n' +
    'resource "aws_cloudtrail" "main" {\n' +
    '  name                          = "account-trail"\n' +
    '  s3_bucket_name                = aws_s3_bucket.trail.id\n' +
    '  is_multi_region_trail         = true\n' +
    '  include_global_service_events = true\n' +
    '  enable_logging                = true\n' +
    '}\n' +
    '```\n\n' +
    'In CloudFormation, `IsLogging` is required and `IsMultiRegionTrail` defaults to false:\n\n' +
    '```yaml\n' +
    'AccountTrail:\n' +
    '  Type: AWS::CloudTrail::Trail\n' +
    '  Properties:\n' +
    '    S3BucketName: !Ref TrailBucket\n' +
    '    IsLogging: true\n' +
    '    IsMultiRegionTrail: true\n' +
    '    IncludeGlobalServiceEvents: true\n' +
    '```',
  severity: 'error',
  theme: 'logging',
  hipaa: ['164.308(a)(1)(ii)(D)', '164.308(a)(3)(ii)(A)', '164.308(a)(6)(ii)', '164.312(b)', '164.312(e)(2)(i)'],
  iso27017: ['12.4.1', '12.4.3', 'CLD.12.4.5'],
  appliesTo: { terraform: ['aws_cloudtrail'], cloudformation: ['AWS::CloudTrail::Trail'] },
  fix: 'suggestion',
  equivalents: { checkov: ['CKV_AWS_67', 'CKV_AWS_251'], tfsec: ['aws-cloudtrail-enable-all-regions'] },
  terraform(resource, context) {
    const trail = describe('CloudTrail trail', resource);
    expectBoolean(resource, reportingFix(context, TERRAFORM.multiRegion), ['is_multi_region_trail'], true, false, {
      missing: `${trail} records only its home region: is_multi_region_trail is not set`,
      wrong: `${trail} records only its home region: is_multi_region_trail is false`,
    });
    expectBoolean(resource, reportingFix(context, TERRAFORM.logging), ['enable_logging'], true, true, {
      missing: `${trail} is not logging: enable_logging is not set`,
      wrong: `${trail} is not logging: enable_logging is false`,
    });
    expectBoolean(resource, reportingFix(context, TERRAFORM.globalEvents), ['include_global_service_events'], true, true, {
      missing: `${trail} omits global service events (IAM, STS): include_global_service_events is not set`,
      wrong: `${trail} omits global service events (IAM, STS): include_global_service_events is false`,
    });
  },
  cloudformation(resource, context) {
    const trail = describe('CloudTrail trail', resource);
    expectBoolean(resource, reportingFix(context, TEMPLATE.multiRegion), ['Properties', 'IsMultiRegionTrail'], true, false, {
      missing: `${trail} records only its home region: IsMultiRegionTrail is not set`,
      wrong: `${trail} records only its home region: IsMultiRegionTrail is false`,
    });
    // IsLogging is required in CloudFormation (no default): a trail without it is not created logging.
    expectBoolean(resource, reportingFix(context, TEMPLATE.logging), ['Properties', 'IsLogging'], true, false, {
      missing: `${trail} is not logging: IsLogging is not set (it is required)`,
      wrong: `${trail} is not logging: IsLogging is false`,
    });
    expectBoolean(resource, reportingFix(context, TEMPLATE.globalEvents), ['Properties', 'IncludeGlobalServiceEvents'], true, true, {
      missing: `${trail} omits global service events (IAM, STS): IncludeGlobalServiceEvents is not set`,
      wrong: `${trail} omits global service events (IAM, STS): IncludeGlobalServiceEvents is false`,
    });
  },
});
