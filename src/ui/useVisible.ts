// Whether the page is on screen: the browser tab is visible and, inside Cockpit's shell, this page's
// frame is the one shown (cockpit.hidden follows both and fires visibilitychange when either changes).
import { useEffect, useState } from "react";
import cockpit from "cockpit";

function isVisible(): boolean {
    return document.visibilityState === "visible" && !cockpit.hidden;
}

export function useVisible(): boolean {
    const [visible, setVisible] = useState(isVisible);
    useEffect(() => {
        const update = () => setVisible(isVisible());
        document.addEventListener("visibilitychange", update);
        cockpit.addEventListener("visibilitychange", update);
        update();
        return () => {
            document.removeEventListener("visibilitychange", update);
            cockpit.removeEventListener("visibilitychange", update);
        };
    }, []);
    return visible;
}
