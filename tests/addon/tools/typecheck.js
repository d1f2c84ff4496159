// Type-checks the add-on's .gs files against @types/google-apps-script, as the Apps Script samples
// repository does (.github/scripts/check-gs.ts): tsc cannot read ".gs", so the files are copied to
// ".js" in a temporary folder next to a tsconfig with allowJs + checkJs, and tsc runs there with
// --noEmit. Errors are printed with the original .gs names; the exit code is tsc's.
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');
const ADDON = path.join(ROOT, 'addon');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rensa-gs-check-'));
  try {
    const files = fs.readdirSync(ADDON).filter((f) => f.endsWith('.gs'));
    for (const file of files) {
      fs.copyFileSync(path.join(ADDON, file), path.join(dir, file.replace(/\.gs$/, '.js')));
    }
    const tsconfig = {
      compilerOptions: {
        noEmit: true,
        allowJs: true,
        checkJs: true,
        // Apps Script V8: ES2020 built-ins, no DOM, no Node; every file shares one global scope.
        target: 'ES2020',
        lib: ['ES2020'],
        types: ['google-apps-script'],
        typeRoots: [path.join(ROOT, 'node_modules/@types')],
        strict: false,
        noImplicitAny: false,
        skipLibCheck: true,
      },
      include: ['*.js'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const run = childProcess.spawnSync(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const output = `${run.stdout || ''}${run.stderr || ''}`.replace(/^(\w+)\.js\((\d+)/gm, 'addon/$1.gs($2');
    if (run.status !== 0) {
      process.stdout.write(output);
      process.stdout.write(`\nType check of ${files.length} .gs files failed.\n`);
    } else {
      process.stdout.write(`Type check: ${files.length} .gs files OK against @types/google-apps-script.\n`);
    }
    process.exitCode = run.status === null ? 1 : run.status;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
