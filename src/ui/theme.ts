// Follows the shell's light/dark choice live: localStorage "shell:style" (auto, light, dark),
// the "cockpit-style" event the shell sends its frames, and the system preference for "auto".
const DARK_CLASS = "pf-v6-theme-dark";

function apply(style: string | null | undefined) {
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const dark = style === "dark" || ((!style || style === "auto") && media.matches);
    document.documentElement.classList.toggle(DARK_CLASS, dark);
}

export function followCockpitTheme(): void {
    const current = () => localStorage.getItem("shell:style");
    apply(current());
    window.addEventListener("storage", event => {
        if (event.key === "shell:style") apply(event.newValue);
    });
    window.addEventListener("cockpit-style", event => {
        const style = (event as CustomEvent<{ style?: string }>).detail?.style;
        apply(style ?? current());
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => apply(current()));
}
