import { generateTemplate } from './generate-cfn';
const cdk = JSON.stringify(generateTemplate(5000), null, 1);
for (let k = 0; k < 4; k++) {
  for (const m of ['hipaa-iac', 'checkov', 'tfsec:ignore', 'trivy:ignore']) {
    const s = performance.now(); cdk.includes(m); process.stdout.write(`${m} ${(performance.now() - s).toFixed(1)}  `);
  }
  let s = performance.now(); /hipaa-iac|checkov|tfsec:ignore|trivy:ignore/.test(cdk); process.stdout.write(`re ${(performance.now() - s).toFixed(1)}  `);
  s = performance.now(); cdk.indexOf('\u0000'); console.log(`nul ${(performance.now() - s).toFixed(1)}`);
}
