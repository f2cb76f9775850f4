// The dependency rule, enforced: calls go down the module list, events go up, no module reads another's tables.
// Generated from the ordered module list: a module may import only modules listed BEFORE it, and only their index.ts.
const MODULES = ['law', 'tenants', 'evidence', 'debtors', 'cases', 'compliance', 'ledger', 'documents', 'risk', 'courses', 'privacy'];

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    from: {},
    // A type-only import cycle (erased at compile time) is not a runtime cycle.
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    name: 'platform-imports-no-module',
    comment: 'src/platform is below every module and knows none of them',
    severity: 'error',
    from: { path: '^src/platform/' },
    to: { path: '^src/modules/' },
  },
  {
    name: 'only-through-index',
    comment: 'another module is reached only through its index.ts (schema.ts and internals stay private); tests may use its testing.ts factories and testing-http.ts HTTP helpers',
    severity: 'error',
    from: { path: '^src/modules/([^/]+)/' },
    to: { path: '^src/modules/([^/]+)/(?!index\\.ts$|testing\\.ts$|testing-http\\.ts$)', pathNot: '^src/modules/$1/' },
  },
  {
    name: 'testing-only-from-tests',
    severity: 'error',
    from: { pathNot: '\\.test\\.ts$|^test/|/testing(-http)?\\.ts$' },
    to: { path: '/testing(-http)?\\.ts$' },
  },
  {
    name: 'web-imports-no-server-code',
    severity: 'error',
    from: { path: '^web/' },
    to: { path: '^src/' },
  },
];

MODULES.forEach((m, i) => {
  const higher = MODULES.slice(i + 1);
  if (higher.length) {
    forbidden.push({
      name: `${m}-calls-only-down`,
      comment: `${m} may not import modules above it: ${higher.join(', ')}`,
      severity: 'error',
      from: { path: `^src/modules/${m}/` },
      to: { path: `^src/modules/(${higher.join('|')})/` },
    });
  }
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
