// PatternFly's tabs (pf-v6-c-tabs, the markup and ids PatternFly's Tabs renders) for the page's one
// tab set: a tablist of buttons, the current tab's underline placed from its measured box, and only
// the current tab's panel mounted. PatternFly's Tabs also brings overflow menus, scroll buttons,
// vertical and expandable variants and with them its Menu component (~28 KB of the bundle and
// ~10 KB of stylesheet), none of which the page uses.
// the stylesheets PatternFly's components import themselves
import "@patternfly/react-styles/css/components/Tabs/tabs.css";
import "@patternfly/react-styles/css/components/TabContent/tab-content.css";
import { Children, isValidElement, useLayoutEffect, useRef, useState } from "react";
import type { CSSProperties, MouseEvent, ReactElement, ReactNode } from "react";

export interface TabProps {
    eventKey: string;
    /** the tab button is `pf-tab-<eventKey>-<id>`, its panel `pf-tab-section-<eventKey>-<id>` */
    id: string;
    title: ReactNode;
    children?: ReactNode;
}

/** One tab of `Tabs`: its title and its panel's content (Tabs renders both). */
export function Tab(_props: TabProps): null {
    return null;
}

export function TabTitleText({ children }: { children?: ReactNode }) {
    return <span className="pf-v6-c-tabs__item-text">{children}</span>;
}

interface Accent { start: number; length: number; initializing: boolean }

/** `mountOnEnter` and `unmountOnExit` as PatternFly spells them: the only behaviour offered. */
export function Tabs({ activeKey, onSelect, "aria-label": label, children }: {
    activeKey: string;
    onSelect: (event: MouseEvent<HTMLButtonElement>, key: string) => void;
    "aria-label": string;
    mountOnEnter: true;
    unmountOnExit: true;
    children: ReactNode;
}) {
    const tabs = Children.toArray(children).filter((c): c is ReactElement<TabProps> => isValidElement(c));
    const list = useRef<HTMLUListElement>(null);
    const [accent, setAccent] = useState<Accent>({ start: 0, length: 0, initializing: true });

    // the underline under the current tab: placed without a transition first, then it slides
    useLayoutEffect(() => {
        const place = (initializing: boolean) => {
            const current = list.current?.querySelector<HTMLElement>("li.pf-m-current");
            if (!current) return;
            const rtl = getComputedStyle(current).direction === "rtl";
            const start = rtl && list.current
                ? list.current.offsetWidth - current.offsetLeft - current.offsetWidth
                : current.offsetLeft;
            setAccent(a => ({ start, length: current.offsetWidth, initializing: initializing || a.initializing }));
        };
        place(false);
        const settled = setTimeout(() => setAccent(a => ({ ...a, initializing: false })), 0);
        // tabs change size when the web font arrives (and with the window): place it again then
        const onResize = () => place(false);
        const observer = new ResizeObserver(onResize);
        for (const item of list.current?.children ?? []) observer.observe(item, { box: "border-box" });
        window.addEventListener("resize", onResize);
        return () => { clearTimeout(settled); observer.disconnect(); window.removeEventListener("resize", onResize) };
    }, [activeKey, tabs.length]);

    const active = tabs.find(t => t.props.eventKey === activeKey);
    // PatternFly's custom properties for the underline (preact sets "--" keys as properties)
    const style = {
        "--pf-v6-c-tabs--link-accent--length": `${accent.length}px`,
        "--pf-v6-c-tabs--link-accent--start": `${accent.start}px`,
    } as CSSProperties;
    return (
        <>
            <div className={"pf-v6-c-tabs pf-m-animate-current" + (accent.initializing ? " pf-m-initializing-accent" : "")}
                 style={style}>
                <ul className="pf-v6-c-tabs__list" role="tablist" aria-label={label} ref={list}>
                    {tabs.map(({ props: t }) => {
                        const current = t.eventKey === activeKey;
                        return (
                            <li key={t.eventKey} className={"pf-v6-c-tabs__item" + (current ? " pf-m-current" : "")} role="presentation">
                                <button type="button" className="pf-v6-c-tabs__link" role="tab" id={`pf-tab-${t.eventKey}-${t.id}`}
                                        aria-selected={current} aria-controls={current ? `pf-tab-section-${t.eventKey}-${t.id}` : undefined}
                                        onClick={e => onSelect(e, t.eventKey)}>
                                    {t.title}
                                </button>
                            </li>
                        );
                    })}
                </ul>
            </div>
            {active &&
                <section className="pf-v6-c-tab-content" role="tabpanel" tabIndex={0}
                         id={`pf-tab-section-${active.props.eventKey}-${active.props.id}`}
                         aria-labelledby={`pf-tab-${active.props.eventKey}-${active.props.id}`}>
                    {active.props.children}
                </section>}
        </>
    );
}
