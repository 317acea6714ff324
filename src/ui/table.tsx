// PatternFly's table (pf-v6-c-table: compact, stacked below the md breakpoint with each cell's
// data-label as its heading) on plain table elements. The page's tables only show values; the
// react-table components add sorting, selection, expansion, tooltips and their Popper/lodash
// dependencies (~40 KB of the bundle) none of which is used. Native table semantics, so screen
// readers announce rows, columns and headers as for any data table.
// the stylesheets PatternFly's components import themselves
import "@patternfly/react-styles/css/components/Table/table.css";
import "@patternfly/react-styles/css/components/Table/table-grid.css";
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

// whole class names: tools/prune-css.mjs keeps a rule only if the bundle names its classes
const MODIFIER = { wrap: "pf-m-wrap", nowrap: "pf-m-nowrap" } as const;
type Modifier = keyof typeof MODIFIER;

function cls(...names: (string | false | undefined)[]): string {
    return names.filter(Boolean).join(" ");
}

/** Every table of the page is compact; `aria-label` names it (several share a page). */
export function Table({ className, children, ...props }: HTMLAttributes<HTMLTableElement> & { "aria-label": string }) {
    return <table {...props} className={cls("pf-v6-c-table pf-m-grid-md pf-m-compact", className)}>{children}</table>;
}

export function Thead({ children, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
    return <thead {...props} className="pf-v6-c-table__thead">{children}</thead>;
}

export function Tbody({ children, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
    return <tbody {...props} className="pf-v6-c-table__tbody">{children}</tbody>;
}

export function Tr({ children, ...props }: HTMLAttributes<HTMLTableRowElement>) {
    return <tr {...props} className="pf-v6-c-table__tr">{children}</tr>;
}

/** A column header; `screenReaderText` names a column that shows no title (actions). */
export function Th({ children, modifier, screenReaderText, ...props }: ThHTMLAttributes<HTMLTableCellElement> & {
    modifier?: Modifier; screenReaderText?: string; children?: ReactNode;
}) {
    return (
        <th scope="col" {...props} className={cls("pf-v6-c-table__th", modifier && MODIFIER[modifier])}>
            {children}
            {screenReaderText && <span className="pf-v6-screen-reader">{screenReaderText}</span>}
        </th>
    );
}

/** A cell; `dataLabel` heads it when the table is stacked on a narrow screen. */
export function Td({ children, dataLabel, modifier, isActionCell, ...props }: TdHTMLAttributes<HTMLTableCellElement> & {
    dataLabel?: string; modifier?: Modifier; isActionCell?: boolean; children?: ReactNode;
}) {
    return (
        <td data-label={dataLabel} {...props}
            className={cls("pf-v6-c-table__td", isActionCell && "pf-v6-c-table__action", modifier && MODIFIER[modifier])}>
            {children}
        </td>
    );
}
