import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

/** What every file of src/model at `depth` below it may not import. */
function modelWalls(depth) {
    return [
        { group: ["cockpit", "react", "react/*", "react-dom", "react-dom/*", "preact", "preact/*", "@patternfly/*"],
          message: "src/model is pure TypeScript: no cockpit, React or PatternFly (strings go through model/i18n.ts)." },
        { group: [`${"../".repeat(depth + 1)}*`, `${"../".repeat(depth + 1)}**`],
          message: "src/model imports only from src/model (not src/libvirt, src/host or src/ui): the adapters and the UI depend on the model, never the reverse." },
    ];
}

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
    // The house's walls (DESIGN.md, Architecture): data flows libvirt/host -> adapters -> model -> UI.
    // The model imports nothing outside src/model: no cockpit, no UI library, no adapter, no UI.
    ...[0, 1, 2].map(depth => ({
        files: [`src/model/${"*/".repeat(depth)}*.ts`],
        rules: { "no-restricted-imports": ["error", { patterns: modelWalls(depth) }] },
    })),
    // Rooms with walls of their own inside the model (their README's "May import"); the model's walls stay.
    {
        files: ["src/model/perf/*.ts"],
        rules: { "no-restricted-imports": ["error", { patterns: [...modelWalls(1),
            { group: ["../view/*", "../plan/*", "../rules/*"],
              message: "model/perf may import host/, values/, placement/, vm/ and the top files (view/ shows what perf works out)." },
        ] }] },
    },
    {
        // The UI uses the adapters' typed functions and hooks, never the D-Bus layer below them,
        // and never opens a cockpit channel itself (the any-host test checks the same in src/).
        files: ["src/ui/**/*.ts", "src/ui/**/*.tsx"],
        rules: {
            "no-restricted-imports": ["error", { patterns: [
                { group: ["**/libvirt/client.ts", "**/libvirt/variant.ts", "**/libvirt/bus-watch.ts", "**/libvirt/errors.ts"],
                  message: "The UI does not touch cockpit.dbus-level code: use the adapter's functions (libvirt/domain.ts, inventory.ts, apply.ts, …)." },
            ] }],
            "no-restricted-properties": ["error",
                ...["dbus", "spawn", "file", "channel", "http"].map(property => ({
                    object: "cockpit", property,
                    message: "The UI never opens a cockpit channel: call an adapter in src/libvirt or src/host.",
                }))],
        },
    },
    {
        // The adapters serve the UI; they never import it.
        files: ["src/libvirt/**/*.ts", "src/host/**/*.ts"],
        rules: {
            "no-restricted-imports": ["error", { patterns: [
                { group: ["**/ui/*", "**/ui/**"], message: "src/libvirt and src/host never import the UI." },
            ] }],
        },
    },
    {
        // the one place `any` is allowed: our typings of the cockpit global
        files: ["src/cockpit.d.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
);
