// A view whose code is fetched when it is first shown (esbuild code splitting: its module becomes a
// chunk). `preload()` starts the fetch earlier, e.g. while the page reads libvirt, or when a link is
// hovered. Its translations come with it (src/ui/strings.ts). A chunk that cannot be fetched (the package was updated while the page was open) shows
// why instead of an empty page.
import { Suspense, lazy } from "react";
import type { ComponentType, FunctionComponent } from "react";
import cockpit from "cockpit";
import { Notice } from "./Notice.tsx";
import { viewStrings } from "./strings.ts";

const _ = cockpit.gettext;

function Unloadable() {
    return <Notice variant="danger" isInline title={_("This part of the page could not be loaded: reload the page (vmtune may have been updated meanwhile).")} />;
}

export type Deferred<P> = FunctionComponent<P> & { preload(): void };

export function deferred<P extends object>(load: () => Promise<ComponentType<P>>): Deferred<P> {
    let loading: Promise<{ default: ComponentType<P> }> | undefined;
    // the view's code and its translations together: it never shows in English first
    const start = () => (loading ??= Promise.all([load(), viewStrings()]).then(([component]) => component).then(
        component => ({ default: component }),
        (): { default: ComponentType<P> } => ({ default: Unloadable as ComponentType<P> }),
    ));
    const Lazy = lazy(start);
    const View = (props: P) => (
        <Suspense fallback={null}>
            <Lazy {...props} />
        </Suspense>
    );
    return Object.assign(View, { preload: () => { void start() } });
}
