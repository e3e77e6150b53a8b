/**
 * Entry of the VS Code integration suite: VS Code (a real one, driven by
 * scripts/vscode-headless.mjs or scripts/test-electron.mjs) loads this module
 * as `extensionTestsPath` inside the extension host and awaits `run()`.
 *
 * Suite files are `suite/*.itest.mts` (Mocha TDD: `suite`/`test`). They are
 * `.mts` so that scripts/build.mjs (which takes `.ts`) and `node --test out/test/`
 * never see them: node's runner executes every .js below a folder named `test`,
 * and these files need the `vscode` module that exists only inside VS Code.
 * scripts/vscode-test-support.mjs bundles them as CommonJS into
 * .vscode-test/suite/ (import each other as `./x.mjs`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SUITE_FILE = /\.itest\.js$/;
const TEST_TIMEOUT_MS = 60_000;


export async function run(): Promise<void> {
  // mocha is an ES module: imported for real, as the CommonJS bundle's require()
  // of it would not hand over its default export.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: TEST_TIMEOUT_MS });
  const suiteDir = join(__dirname, 'suite');
  for (const name of readdirSync(suiteDir).filter((name) => SUITE_FILE.test(name)).sort()) {
    mocha.addFile(join(suiteDir, name));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // scripts/vscode-headless.mjs reads this line (it arrives through the console) for its summary.
      console.log(`factmark-vscode-suite: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} VS Code integration test(s) failed`));
      else resolve();
    });
  });
}
