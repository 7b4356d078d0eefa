// Copies the browser builds of the npm dependencies into the served tree, so that
// `make run` and the browser tests need no npm and no CDN:
//   socket.io-client  -> web/widget/vendor/socket.io.min.js   (served to visitors)
//   axe-core          -> tests/browser/vendor/axe.min.js      (injected by the tests only)
// Each copy gets its licence next to it and a line in VERSIONS.txt.
// Run after `npm ci` in web/:  npm run vendor
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(web, "node_modules");

function version(pkg) {
  return JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}

function vendor({ pkg, file, destDir, destName, stripSourceMap, extraLicences = [] }) {
  mkdirSync(destDir, { recursive: true });
  const src = join(modules, pkg, file);
  let text = readFileSync(src, "utf8");
  if (stripSourceMap) {
    // The .map file is not shipped; drop the reference so no browser asks for it.
    text = text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
  }
  writeFileSync(join(destDir, destName), text);
  copyFileSync(join(modules, pkg, "LICENSE"), join(destDir, `${pkg}.LICENSE`));
  for (const extra of extraLicences) {
    copyFileSync(join(modules, pkg, extra), join(destDir, `${pkg}.${extra}`));
  }
  const v = version(pkg);
  console.log(`vendored ${pkg}@${v} -> ${join(destDir, destName)}`);
  return `${destName}\t${pkg}@${v}\t${file}\tlicence: ${pkg}.LICENSE`;
}

const header = "# file\tnpm package@version\tsource file in the package\tlicence\n";

const widgetVendor = join(web, "widget", "vendor");
writeFileSync(
  join(widgetVendor, "VERSIONS.txt"),
  header +
    vendor({
      pkg: "socket.io-client",
      file: "dist/socket.io.min.js",
      destDir: widgetVendor,
      destName: "socket.io.min.js",
      stripSourceMap: true,
    }) +
    "\n",
);

const testVendor = join(web, "..", "tests", "browser", "vendor");
writeFileSync(
  join(testVendor, "VERSIONS.txt"),
  header +
    vendor({
      pkg: "axe-core",
      file: "axe.min.js",
      destDir: testVendor,
      destName: "axe.min.js",
      stripSourceMap: false,
      extraLicences: ["LICENSE-3RD-PARTY.txt"],
    }) +
    "\n",
);
