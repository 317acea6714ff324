// PatternFly's Flex and Grid layouts (pf-v6-l-flex, pf-v6-l-grid) for the few props the page uses,
// with the same markup. PatternFly's own components carry the class maps of every modifier and
// breakpoint (~32 KB of the bundle), and since tools/prune-css.mjs keeps each rule whose classes the
// bundle names, those maps also kept every rule of both layouts. Each class is written out whole
// here for that reason: a class built from a template would never match a name in the bundle.
// the stylesheets PatternFly's components import themselves
import "@patternfly/react-styles/css/layouts/Flex/flex.css";
import "@patternfly/react-styles/css/layouts/Grid/grid.css";
import type { HTMLAttributes } from "react";

function cls(...names: (string | false | undefined)[]): string {
    return names.filter(Boolean).join(" ");
}

const ALIGN_ITEMS = {
    alignItemsCenter: "pf-m-align-items-center",
    alignItemsFlexEnd: "pf-m-align-items-flex-end",
} as const;

/** A row of items with PatternFly's gap, wrapping; `alignItems` as PatternFly's Flex takes it. */
export function Flex({ alignItems, className, children, ...props }: HTMLAttributes<HTMLDivElement> & {
    alignItems?: { default: keyof typeof ALIGN_ITEMS };
}) {
    return <div {...props} className={cls("pf-v6-l-flex", alignItems && ALIGN_ITEMS[alignItems.default], className)}>{children}</div>;
}

export function FlexItem({ children, ...props }: HTMLAttributes<HTMLDivElement>) {
    return <div {...props}>{children}</div>;
}

// Grid: every item `md` (or `xl`) columns of 12 wide from that breakpoint on, one per row below it.
const ALL_ON_MD = { 4: "pf-m-all-4-col-on-md", 6: "pf-m-all-6-col-on-md" } as const;
const ALL_ON_XL = { 3: "pf-m-all-3-col-on-xl", 4: "pf-m-all-4-col-on-xl" } as const;
const ITEM_ON_MD = { 3: "pf-m-3-col-on-md" } as const;

export function Grid({ hasGutter, md, xl, className, children, ...props }: HTMLAttributes<HTMLDivElement> & {
    hasGutter?: boolean; md?: keyof typeof ALL_ON_MD; xl?: keyof typeof ALL_ON_XL;
}) {
    return (
        <div {...props} className={cls("pf-v6-l-grid", md && ALL_ON_MD[md], xl && ALL_ON_XL[xl], hasGutter && "pf-m-gutter", className)}>
            {children}
        </div>
    );
}

/** A grid cell; `md` overrides the grid's width for this item. */
export function GridItem({ md, className, children, ...props }: HTMLAttributes<HTMLDivElement> & { md?: keyof typeof ITEM_ON_MD }) {
    return <div {...props} className={cls("pf-v6-l-grid__item", md && ITEM_ON_MD[md], className)}>{children}</div>;
}
