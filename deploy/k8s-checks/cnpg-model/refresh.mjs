// Writes the schema of CloudNativePG's kinds that KnownFields reads (src/main/resources/cloudnative-pg/), from the
// type declarations of @kubernetes-models/cloudnative-pg (generated from CloudNativePG's Go API, from which its CRDs
// are generated too): every field of every kind, nested types included (Kubernetes' own ones too), as JSON Schema
// where an object admits no field it does not declare.
//
//   npm ci && node refresh.mjs          # rewrite the vendored schema
//   npm ci && node refresh.mjs --check  # fail if the vendored schema is not what the pinned package gives
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const ours = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
const packageDir = path.join(here, "node_modules/@kubernetes-models/cloudnative-pg");
const theirs = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
const out = path.join(here, "../src/main/resources/cloudnative-pg");
const group = "postgresql.cnpg.io/v1";

const declarations = fs.readdirSync(path.join(packageDir, group)).filter((f) => f.endsWith(".d.ts")).sort()
  .map((f) => path.join(packageDir, group, f));
const program = ts.createProgram(declarations, {
  strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
});
const checker = program.getTypeChecker();
// an import that does not resolve would make its fields "any", admitting everything: refuse that
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) {
  throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => here, getNewLine: () => "\n" }));
}

const defs = {};        // name -> schema of a declared interface
const named = new Map(); // type -> its name in defs

function schemaOf(type) {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
  if (type.isUnion()) {
    const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (members.length === 1) return schemaOf(members[0]);
    if (members.every((t) => t.isStringLiteral())) return { enum: members.map((t) => t.value).sort() };
    if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    const alternatives = [];
    for (const schema of members.map(schemaOf)) {
      if (!alternatives.some((a) => JSON.stringify(a) === JSON.stringify(schema))) alternatives.push(schema);
    }
    return { anyOf: alternatives };
  }
  if (type.isStringLiteral()) return { enum: [type.value] };
  if (type.flags & ts.TypeFlags.String) return { type: "string" };
  if (type.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { type: "number" };
  if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
  if (checker.isArrayType(type)) return { type: "array", items: schemaOf(checker.getTypeArguments(type)[0]) };
  if (type.flags & ts.TypeFlags.Object) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || symbol.getName() === "__type" || symbol.getName() === "__object") return objectSchema(type);
    if (!named.has(type)) {
      const name = definitionName(symbol);
      if (name in defs) throw new Error(`two types named ${name}`);
      named.set(type, name);
      defs[name] = null; // taken before recursing: types may refer to themselves
      defs[name] = objectSchema(type);
    }
    return { $ref: `#/$defs/${named.get(type).replaceAll("~", "~0").replaceAll("/", "~1")}` }; // a JSON pointer
  }
  throw new Error(`a type this script does not know how to write: ${checker.typeToString(type)}`);
}

// where the type is declared and its name there: "cloudnative-pg/postgresql.cnpg.io/v1/IClusterSpec",
// "kubernetes-models/v1/IContainer" (Kubernetes' own), "apimachinery/apis/meta/v1/IObjectMeta"
function definitionName(symbol) {
  const file = symbol.getDeclarations()[0].getSourceFile().fileName;
  const folder = path.relative(path.join(here, "node_modules"), path.dirname(file)).replace(/^@kubernetes-models\//, "");
  return `${folder.split(path.sep).join("/")}/${symbol.getName()}`;
}

function objectSchema(type) {
  const properties = {};
  const required = [];
  for (const property of [...checker.getPropertiesOfType(type)].sort((a, b) => a.getName().localeCompare(b.getName()))) {
    properties[property.getName()] = schemaOf(checker.getTypeOfSymbol(property));
    if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.getName());
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  const schema = { type: "object" };
  if (Object.keys(properties).length) schema.properties = properties;
  if (required.length) schema.required = required;
  schema.additionalProperties = index ? schemaOf(index.type) : false;
  return schema;
}

// the kinds: the declared interfaces with a literal kind, except the lists
const kinds = {};
for (const file of declarations) {
  const source = program.getSourceFile(file);
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(statement.name));
    const kind = type.getProperty("kind");
    const literal = kind && checker.getTypeOfSymbol(kind);
    if (literal?.isStringLiteral() && !literal.value.endsWith("List")) kinds[`${group}/${literal.value}`] = schemaOf(type).$ref;
  }
}

const sortedDefs = Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b)));
const schema = {
  $comment: `Generated by deploy/k8s-checks/cnpg-model/refresh.mjs from ${theirs.name} ${theirs.version} ` +
    `(MIT, LICENSE-kubernetes-models-ts), whose declarations are generated from CloudNativePG ${ours.cloudnativePgRelease}'s ` +
    "API (Apache-2.0, NOTICE). Do not edit: run the script.",
  cloudnativePgRelease: ours.cloudnativePgRelease,
  kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))),
  $defs: sortedDefs,
};
// one definition a line: small diffs when the package moves
const text = "{\n" + Object.entries(schema).map(([key, value]) => key === "$defs"
  ? `  "$defs": {\n${Object.entries(value).map(([n, d]) => `    ${JSON.stringify(n)}: ${JSON.stringify(d)}`).join(",\n")}\n  }`
  : `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(",\n") + "\n}\n";
const license = fs.readFileSync(path.join(packageDir, "LICENSE"), "utf8");

const files = { "postgresql.cnpg.io-v1.schema.json": text, "LICENSE-kubernetes-models-ts": license };
if (process.argv.includes("--check")) {
  const stale = Object.entries(files).filter(([f, t]) => !fs.existsSync(path.join(out, f)) || fs.readFileSync(path.join(out, f), "utf8") !== t);
  if (stale.length) {
    console.error(`stale: ${stale.map(([f]) => f).join(", ")} in ${out}: run node refresh.mjs and commit`);
    process.exit(1);
  }
  console.log(`the vendored schema is ${theirs.name} ${theirs.version}'s: ${Object.keys(kinds).length} kinds, ${Object.keys(defs).length} types`);
} else {
  fs.mkdirSync(out, { recursive: true });
  for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(out, f), t);
  console.log(`wrote ${Object.keys(kinds).length} kinds, ${Object.keys(defs).length} types of ${theirs.name} ${theirs.version} to ${out}`);
}
