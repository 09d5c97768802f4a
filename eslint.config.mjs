// ESLint flat config: the recommended JavaScript and typescript-eslint rules over the library,
// tests, examples, stacks, bench and scripts. `npm run lint` runs it; .ci/run runs that first.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "dist/**", "docs/api/**", "node_modules/**", "bench/node_modules/**", ".bench/**", "cdk8s.out/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        __dirname: "readonly",
        require: "readonly",
        module: "writable",
        URL: "readonly",
        Buffer: "readonly",
        structuredClone: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Pulumi's CommonJS entry points of the stacks.
    files: ["stacks/**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Prettier wraps code at 160 columns (.prettierrc.json); what it cannot wrap is refused here,
    // except user-facing messages and URLs, kept whole so they can be searched for.
    files: ["lib/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "scripts/**/*.{mjs,ts}", "stacks/**/*.ts", "examples/**/*.ts"],
    rules: { "max-len": ["error", { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }] },
  },
  {
    // Tests and the bench read rendered objects as loosely typed JSON.
    files: ["test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
