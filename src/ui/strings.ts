// The translations of the views that are chunks of their own (src/ui/views.tsx): po.js holds the
// strings of the first view only, po.views.<lang>.js the rest (esbuild.config.mjs splits them). They
// are fetched once, with the first such view; cockpit.locale adds them to what po.js gave.
import cockpit from "cockpit";

let loading: Promise<void> | undefined;

export function viewStrings(): Promise<void> {
    loading ??= (async () => {
        const lang = cockpit.language;
        if (!lang || lang === "en" || !/^[A-Za-z_-]+$/.test(lang))
            return;
        // the file is a script that calls cockpit.locale; next to index.html whichever chunk asks
        const url = new URL(`po.views.${lang}.js`, document.baseURI).href;
        try {
            await import(/* @vite-ignore */ url);
        } catch {
            // a language without a split file (or an older build): its strings show in English
        }
    })();
    return loading;
}
