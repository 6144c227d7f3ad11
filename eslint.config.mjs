// Lint config: typescript-eslint's recommended rules, formatting left to prettier, and Microsoft's Office add-in
// rules (eslint-plugin-office-addins: load before read, sync after load, no sync in a loop...) on the code that
// talks to Office. Only the plugin's rules are taken: its "recommended" preset brings its own parser and prettier.
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import officeAddins from "eslint-plugin-office-addins";

const OFFICE_RULES = {
  "office-addins/call-sync-after-load": "error",
  "office-addins/call-sync-before-read": "error",
  "office-addins/load-object-before-read": "error",
  "office-addins/no-context-sync-in-loop": "error",
  "office-addins/no-empty-load": "error",
  "office-addins/no-navigational-load": "error",
  "office-addins/no-office-initialize": "error",
  "office-addins/test-for-null-using-isNullObject": "error",
};

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "build/", "coverage/", "test-results/", ".tmp/", "bench/results/", "bin/", "**/*.js", "**/*.cjs", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  prettier,
  // chai's property assertions (`.to.be.true`, `.not.empty`) are expressions by design.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-unused-expressions": "off" } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The rules find Office.js requests by the request context's name, `context`, as Microsoft's samples call it.
  { files: ["src/**/*.{ts,tsx}"], plugins: { "office-addins": officeAddins }, rules: OFFICE_RULES },
);
