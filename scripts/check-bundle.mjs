// Checks the built plugin bundle is mobile-safe: no runtime require() but 'obsidian'/'electron', no unguarded Buffer/process, no regex lookbehind; prints its size.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';

const ALLOWED_REQUIRES = new Set(['obsidian', 'electron']);
const NODE_GLOBALS = new Set(['Buffer', 'process', 'global', '__dirname', '__filename', 'setImmediate']);

/** Whether `node` sits under a condition that tests `typeof name` (e.g. `typeof process < "u" && process.env`). */
function isGuarded(sourceCode, node, name) {
  const typeofName = new RegExp(`typeof\\s*\\(?\\s*${name}\\b`);
  const parent = node.parent;
  if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return true;
  let child = node;
  for (const ancestor of sourceCode.getAncestors(node).reverse()) {
    const test =
      ancestor.type === 'IfStatement' || ancestor.type === 'ConditionalExpression'
        ? ancestor.test !== child
          ? ancestor.test
          : null
        : ancestor.type === 'LogicalExpression' && ancestor.right === child
          ? ancestor.left
          : null;
    if (test && typeofName.test(sourceCode.getText(test))) return true;
    child = ancestor;
  }
  return false;
}

const bundleRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      // A lookbehind in a regex literal is a syntax error on iOS before 16.4: the whole bundle would fail to load.
      Literal(node) {
        if (node.regex && /\(\?<[=!]/.test(node.regex.pattern))
          context.report({ node, message: `regex lookbehind /${node.regex.pattern}/ (older iOS cannot parse it)` });
      },
      'Program:exit'(program) {
        const globalScope = sourceCode.getScope(program);
        for (const ref of globalScope.through) {
          const { name } = ref.identifier;
          const node = ref.identifier;
          if (name === 'require') {
            // `try { req = require; req('buffer') } catch {}` (js-yaml): optional on desktop, fails safely on mobile.
            if (
              sourceCode
                .getAncestors(node)
                .some((a) => a.type === 'BlockStatement' && a.parent?.type === 'TryStatement' && a.parent.block === a)
            )
              continue;
            const call = node.parent;
            const isCall = call?.type === 'CallExpression' && call.callee === node;
            const arg = isCall ? call.arguments[0] : undefined;
            const id = arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : null;
            if (id === null) context.report({ node, message: 'require is used other than as require("literal")' });
            else if (!ALLOWED_REQUIRES.has(id))
              context.report({ node, message: `runtime require("${id}"): only obsidian and electron may be required` });
          } else if (NODE_GLOBALS.has(name) && !isGuarded(sourceCode, node, name)) {
            context.report({ node, message: `unguarded Node global "${name}" (mobile has none)` });
          }
        }
      },
    };
  },
};

/** Problems in a bundle's source text; empty when it is mobile-safe. */
export function checkBundle(code) {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      languageOptions: { ecmaVersion: 'latest', sourceType: 'script' },
      plugins: { bundle: { rules: { safe: bundleRule } } },
      rules: { 'bundle/safe': 'error' },
    },
  ]);
  return messages.map((m) => `${m.line}:${m.column} ${m.message}`);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const file = process.argv[2] ?? fileURLToPath(new URL('../main.js', import.meta.url));
  const code = readFileSync(file, 'utf8');
  const problems = checkBundle(code);
  const bytes = Buffer.byteLength(code);
  const gzip = gzipSync(code).length;
  console.log(`main.js: ${(bytes / 1024).toFixed(1)} KiB (${(gzip / 1024).toFixed(1)} KiB gzipped)`);
  if (problems.length > 0) {
    console.error(`check-bundle: ${problems.length} problem(s) in ${file}:`);
    for (const problem of problems.slice(0, 50)) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log('check-bundle: ok (no Node built-ins, no unguarded Buffer/process, only obsidian/electron required)');
}
