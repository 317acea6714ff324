// The page's address (cockpit.location, the part after # in the shell's URL): [] is the overview,
// ["vm", name, tab] a VM page, so a VM page can be bookmarked and reloaded. null: an address
// cockpit.location cannot decode ("#/vm/%" throws URIError) or that climbs above the page ("#/../x"
// gives no path); the page says "not found" instead of crashing.
import cockpit from "cockpit";
import { useEffect, useState } from "react";
import { hrefOf } from "./routes.ts";

function currentPath(): string[] | null {
    try {
        const path: unknown = cockpit.location.path;
        return Array.isArray(path) && path.every(p => typeof p === "string") ? path as string[] : null;
    } catch {
        return null;
    }
}

export function useRoute(): string[] | null {
    const [path, setPath] = useState(currentPath);
    useEffect(() => {
        const update = () => setPath(currentPath());
        cockpit.addEventListener("locationchanged", update);
        return () => cockpit.removeEventListener("locationchanged", update);
    }, []);
    return path;
}

export function goTo(path: string[]): void {
    try {
        cockpit.location.go(path);
    } catch {
        // cockpit.location cannot read the address it would leave ("#/vm/%"): set the hash directly
        window.location.hash = hrefOf(path);
    }
}
