// @ts-check
/**
 * ESLint rule: a relative import must stay inside its own package. Code in `device/` reaches
 * `api/` as `@seccam/api` (or through `@seccam/testkit`), never as `../../api/src/…`, so every
 * dependency between packages is declared in a package.json and shows in the dependency graph.
 */
import { dirname, relative, resolve, sep } from 'node:path';

/** Top-level folders that are packages (workspaces) or package-like trees (nginx, bench, tools). */
const PACKAGE_DIRS = new Set(['schema', 'pki', 'api', 'web', 'device', 'testkit', 'nginx', 'bench', 'tools']);

/** @param {string} root @param {string} file */
function packageOf(root, file) {
  const first = relative(root, file).split(sep)[0] ?? '';
  return PACKAGE_DIRS.has(first) ? first : '(root)';
}

/** @type {import('eslint').Rule.RuleModule} */
export const noCrossPackageRelativeImport = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid relative imports that leave the importing package' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
    messages: {
      crossPackage: "'{{source}}' reaches into package '{{target}}' from '{{own}}': import it by its package name instead.",
    },
  },
  create(context) {
    const root = /** @type {{ root: string }} */ (context.options[0]).root;
    const file = context.filename;
    const own = packageOf(root, file);
    if (own === '(root)') return {}; // root config files wire the packages together
    /** @param {import('estree').Node & { source?: import('estree').Literal | null }} node */
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = packageOf(root, resolve(dirname(file), source));
      if (target !== own) context.report({ node, messageId: 'crossPackage', data: { source, target, own } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
