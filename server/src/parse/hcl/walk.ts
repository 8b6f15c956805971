// Generic traversal of the HCL syntax tree, iterative so that even the deepest tree the parser allows
// cannot overflow the stack.

import type { BlockLabel, Body, BodyItem, Expression, ObjectItem, TemplatePart } from './ast.js';

/** Any node of the tree. */
export type HclNode = Body | BodyItem | BlockLabel | Expression | TemplatePart | ObjectItem;

/** The direct children of `node`, in source order. */
export function childrenOf(node: HclNode): HclNode[] {
  if (!('type' in node)) {
    // BlockLabel or ObjectItem (the only nodes without a `type`).
    return 'key' in node ? [node.key, node.value] : [];
  }
  switch (node.type) {
    case 'Body':
      return node.items;
    case 'Attribute':
      return [node.expr];
    case 'Block':
      return [...node.labels, node.body];
    case 'Template':
      return node.parts;
    case 'TemplateInterpolation':
      return [node.expr];
    case 'TemplateIf':
      return [node.condition, ...node.then, ...(node.else ?? [])];
    case 'TemplateFor':
      return [node.collection, ...node.body];
    case 'GetAttr':
      return [node.object];
    case 'Index':
      return [node.object, node.key];
    case 'Splat':
      return [node.source, node.each];
    case 'FunctionCall':
      return node.args;
    case 'Tuple':
      return node.items;
    case 'Object':
      return node.items;
    case 'For': {
      const out: HclNode[] = [node.collection];
      if (node.keyExpr) out.push(node.keyExpr);
      out.push(node.valueExpr);
      if (node.condition) out.push(node.condition);
      return out;
    }
    case 'Conditional':
      return [node.condition, node.then, node.else];
    case 'Unary':
      return [node.operand];
    case 'Binary':
      return [node.left, node.right];
    case 'Parens':
      return [node.expr];
    default:
      return [];
  }
}

/** Calls `visit` for `root` and every node below it, parents before children, with each node's parent. */
export function walk(root: HclNode, visit: (node: HclNode, parent: HclNode | null) => void): void {
  const stack: [HclNode, HclNode | null][] = [[root, null]];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], node]);
  }
}
