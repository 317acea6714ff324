import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
    { ignores: ["dist/", "build/", "node_modules/", "test/stack/guest/"] },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts", "**/*.tsx"],
        plugins: { "react-hooks": reactHooks },
        rules: {
            "react-hooks/rules-of-hooks": "error",
            "react-hooks/exhaustive-deps": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_$" }],
            "no-eval": "error",
            "no-implied-eval": "error",
        },
    },
    {
        // the one place `any` is allowed: our typings of the cockpit global
        files: ["src/cockpit.d.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
);
