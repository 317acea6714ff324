// The page's address (cockpit.location, the part after # in the shell's URL): [] is the overview,
// ["vm", name, tab] a VM page, so a VM page can be bookmarked and reloaded.
import cockpit from "cockpit";
import { useEffect, useState } from "react";

export function useRoute(): string[] {
    const [path, setPath] = useState(() => cockpit.location.path);
    useEffect(() => {
        const update = () => setPath(cockpit.location.path);
        cockpit.addEventListener("locationchanged", update);
        return () => cockpit.removeEventListener("locationchanged", update);
    }, []);
    return path;
}

export function goTo(path: string[]): void {
    cockpit.location.go(path);
}
