#!/usr/bin/env bash
# Usage: scripts/check-types.sh
# Checks what host developers get besides the loader (dist/jobs-gallery.d.ts and
# dist/custom-elements.json, copied from loader/ by the post-build step):
#   1. tsc --noEmit on examples/typescript/ (strict), which imports the types from
#      loader/jobs-gallery.d.ts and whose @ts-expect-error lines must each be refused;
#   2. loader/custom-elements.json parses and says what the .d.ts says: every attribute of
#      JobsGalleryElement (its `@attribute` tags, the same as JobsGalleryAttributes) with
#      its property as fieldName and as a member, every event of JobsGalleryEventMap, and
#      nothing more; and it lists every --jg-* custom property style/jobs-gallery.css reads.
# npm typescript, pinned by scripts/setup.sh in tools/typescript. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
typescript=tools/typescript/node_modules/typescript
if [ ! -x tools/typescript/node_modules/.bin/tsc ]; then
  echo "check-types: no $typescript (run scripts/setup.sh)" >&2
  exit 1
fi

tools/typescript/node_modules/.bin/tsc -p examples/typescript --noEmit
version=$(tools/typescript/node_modules/.bin/tsc --version)
echo "check-types: tsc ${version#Version }: examples/typescript type-checks against loader/jobs-gallery.d.ts"

node - "$typescript" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const ts = require(path.resolve(process.argv[2]));

const failures = [];
const fail = (message) => failures.push(message);
const stop = (message) => {
  console.error(`check-types: FAIL: ${message}`);
  process.exit(1);
};
// Both ways: what one side names and the other does not.
const same = (what, source, inSource, inManifest) => {
  for (const name of inSource) {
    if (!inManifest.has(name)) fail(`${what} ${name}: in ${source}, missing from custom-elements.json`);
  }
  for (const name of inManifest) {
    if (!inSource.has(name)) fail(`${what} ${name}: in custom-elements.json, not in ${source}`);
  }
};

// What the declarations say, read with the compiler's parser.
const dts = "loader/jobs-gallery.d.ts";
const text = fs.readFileSync(dts, "utf8");
const source = ts.createSourceFile(dts, text, ts.ScriptTarget.Latest, true);
const declared = (kind, name) =>
  source.statements.find((s) => s.kind === kind && s.name?.text === name);
const memberName = (m) =>
  m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : undefined;
const element = declared(ts.SyntaxKind.ClassDeclaration, "JobsGalleryElement");
const eventMap = declared(ts.SyntaxKind.InterfaceDeclaration, "JobsGalleryEventMap");
const typed = declared(ts.SyntaxKind.InterfaceDeclaration, "JobsGalleryAttributes");
if (!element || !eventMap || !typed) {
  stop(`${dts} lacks the JobsGalleryElement class, JobsGalleryEventMap or JobsGalleryAttributes`);
}
const attributes = new Map(); // attribute -> property
for (const member of element.members) {
  for (const tag of ts.getJSDocTags(member)) {
    if (tag.tagName.text === "attribute") {
      attributes.set(String(ts.getTextOfJSDocComment(tag.comment) ?? "").trim(), memberName(member));
    }
  }
}
if (attributes.size === 0) fail(`${dts}: no property of JobsGalleryElement has an @attribute tag`);
const typedNames = new Set(typed.members.map(memberName));
for (const name of attributes.keys()) {
  if (!typedNames.has(name)) fail(`${dts}: attribute ${name} is not in JobsGalleryAttributes`);
}
for (const name of typedNames) {
  if (!attributes.has(name)) fail(`${dts}: JobsGalleryAttributes has ${name}, no @attribute tag does`);
}
const events = new Set(eventMap.members.map(memberName));

// What the manifest says.
let manifest;
try {
  manifest = JSON.parse(fs.readFileSync("loader/custom-elements.json", "utf8"));
} catch (error) {
  stop(`loader/custom-elements.json: ${error.message}`);
}
if (manifest.schemaVersion !== "1.0.0") fail(`schemaVersion is ${manifest.schemaVersion}, not 1.0.0`);
const module = manifest.modules?.find((m) => m.path === "jobs-gallery-loader.js");
const custom = module?.declarations?.find((d) => d.customElement && d.tagName === "jobs-gallery");
if (!custom) stop("custom-elements.json has no jobs-gallery element in module jobs-gallery-loader.js");
if (custom.name !== "JobsGalleryElement") fail(`the element's class is ${custom.name}, not JobsGalleryElement`);
const exported = (kind, name) =>
  (module.exports ?? []).some((e) => e.kind === kind && e.name === name);
if (!exported("custom-element-definition", "jobs-gallery")) fail("no custom-element-definition of jobs-gallery");
for (const name of ["mount", "diagnostics", "JobsGalleryElement"]) {
  if (!exported("js", name)) fail(`no js export ${name}`);
}

const manifestAttributes = custom.attributes ?? [];
same("attribute", dts, new Set(attributes.keys()), new Set(manifestAttributes.map((a) => a.name)));
for (const a of manifestAttributes) {
  const property = attributes.get(a.name);
  if (property && a.fieldName !== property) {
    fail(`attribute ${a.name}: fieldName ${a.fieldName}, the .d.ts's property is ${property}`);
  }
  const field = (custom.members ?? []).find((m) => m.kind === "field" && m.name === a.fieldName);
  if (field?.attribute !== a.name) {
    fail(`attribute ${a.name}: no member ${a.fieldName} with "attribute": "${a.name}"`);
  }
}
same("event", dts, events, new Set((custom.events ?? []).map((e) => e.name)));
for (const e of custom.events ?? []) if (!e.type?.text) fail(`event ${e.name}: no type`);

const stylesheet = "style/jobs-gallery.css";
const css = fs.readFileSync(stylesheet, "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
const read = new Set(Array.from(css.matchAll(/var\(\s*(--jg-[a-z0-9-]+)/g), (m) => m[1]));
const listed = custom.cssProperties ?? [];
same("custom property", stylesheet, read, new Set(listed.map((p) => p.name)));
for (const p of listed) if (!p.description) fail(`custom property ${p.name}: no description`);

if (failures.length) {
  for (const message of failures) console.error(`check-types: ${message}`);
  stop(`${failures.length} difference(s) between ${dts}, ${stylesheet} and loader/custom-elements.json`);
}
console.log(
  `check-types: OK: custom-elements.json names the ${attributes.size} attributes and ` +
    `${events.size} events of ${dts} and the ${read.size} --jg-* properties of ${stylesheet}`,
);
EOF
