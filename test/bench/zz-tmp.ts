import { performance } from 'node:perf_hooks';
import { parse as hcl2jsonParse } from '@cdktf/hcl2json';
import { generateTemplate } from './generate-cfn';
import { generateModule } from './generate';
import { loadShipped } from './shipped';
async function main() {
  const shipped = await loadShipped();
  const index = shipped.indexRules(shipped.ALL_RULES);
  const large = generateModule(10_000);
  if (process.env.HCL2JSON) for (let i = 0; i < 20; i++) await hcl2jsonParse('main.tf', large);
  if (process.env.PARSEONLY) for (let i = 0; i < 60; i++) shipped.parseHcl(large);
  if (process.env.GARBAGE) { let keep: unknown[] = []; for (let i = 0; i < 60; i++) { keep.push(JSON.parse(JSON.stringify(generateTemplate(300)))); if (keep.length > 5) keep = []; } }
  if (process.env.OURS) for (let i = 0; i < 60; i++) { const p = new shipped.Project(index); p.lintUnit(p.setFile('b/main.tf', large)!); }
  const cdk = JSON.stringify(generateTemplate(5000), null, 1);
  const lint = function cfnLint() { const p = new shipped.Project(index); const u = p.setFile('cdk.out/C.template.json', cdk)!; return p.lintUnit(u).findings.length; };
  lint();
  const ts: number[] = [], js: number[] = [];
  for (let i = 0; i < 7; i++) { let t = performance.now(); JSON.parse(cdk); js.push(performance.now() - t); t = performance.now(); lint(); ts.push(performance.now() - t); }
  const med = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1].toFixed(0);
  console.log(process.env.HCL2JSON ? 'hcl2json' : '', process.env.OURS ? 'ours' : '', med(ts), ts.map((x) => x.toFixed(0)).join(' '), '| json', med(js));
}
void main();
