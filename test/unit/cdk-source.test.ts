// Tracing CDK construct paths back to the app source line that creates the construct.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constructId, findConstructSource } from '../../server/src/engine/cdk-source';

const APP = `import * as rds from 'aws-cdk-lib/aws-rds';
export class ClinicalStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const db = new rds.DatabaseInstance(this, 'PatientsDb', {
      engine: rds.DatabaseInstanceEngine.POSTGRES,
    });
    new s3.Bucket(this, "Imaging");
  }
}
`;

test('construct ids skip the CDK internal Resource/Default children', () => {
  assert.equal(constructId('ClinicalStack/PatientsDb/Resource'), 'PatientsDb');
  assert.equal(constructId('ClinicalStack/Imaging/Policy/Resource'), 'Policy');
  assert.equal(constructId('ClinicalStack'), undefined);
});

test('exactly one creating line is found, in TypeScript and Python', () => {
  const location = findConstructSource([{ path: 'lib/clinical-stack.ts', text: APP }], 'ClinicalStack/PatientsDb/Resource');
  assert.equal(location?.path, 'lib/clinical-stack.ts');
  assert.equal(location?.range.start.line, 4);
  assert.equal(location?.range.start.character, 15);
  const python = findConstructSource([{ path: 'app.py', text: 'bucket = s3.Bucket(self, "Imaging", versioned=True)\n' }], 'Stack/Imaging/Resource');
  assert.equal(python?.range.start.line, 0);
});

test('no match or an ambiguous match gives nothing', () => {
  assert.equal(findConstructSource([{ path: 'a.ts', text: APP }], 'ClinicalStack/Claims/Resource'), undefined);
  const twice = [{ path: 'a.ts', text: APP }, { path: 'b.ts', text: "new rds.DatabaseInstance(this, 'PatientsDb', {})" }];
  assert.equal(findConstructSource(twice, 'ClinicalStack/PatientsDb/Resource'), undefined);
});
