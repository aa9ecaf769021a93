// Keeps every function in src/ short enough to read: fails when one is longer than the limit (issue "Each change has one place").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const MAX_LINES = 120;
const MAX_MAIN_LINES = 150;
const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function functionName(node, file) {
  if (node.name) return node.name.getText(file);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText(file);
  return '(anonymous)';
}

/** Every function-like node longer than MAX_LINES, as "path:line name (N lines)". */
export function longFunctions(files) {
  const found = [];
  for (const path of files) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
        const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > MAX_LINES) {
          found.push(`${relative(root, path)}:${start + 1} ${functionName(node, file)} (${lines} lines)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = longFunctions(sourceFiles(join(root, 'src')));
  const mainLines = readFileSync(join(root, 'src/main.ts'), 'utf8').split('\n').length;
  if (mainLines > MAX_MAIN_LINES)
    problems.push(`src/main.ts has ${mainLines} lines: it only wires (${MAX_MAIN_LINES} at most)`);
  if (problems.length > 0) {
    console.error(`Functions longer than ${MAX_LINES} lines in src/ (split them):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`function length: every function in src/ is at most ${MAX_LINES} lines; src/main.ts has ${mainLines}`);
}
