// A plain HTML table in PatternFly's table look: light markup for small read-only tables that refresh
// every few seconds (no sorting, no selection, nothing interactive).
import "@patternfly/react-styles/css/components/Table/table.css";
import type { ReactNode } from "react";

/** `numeric`: the columns (by index) that hold numbers, right-aligned under their heading */
export function PerfTable({ id, label, head, numeric = [], children }:
    { id?: string; label: string; head: ReactNode[]; numeric?: number[]; children: ReactNode }) {
    return (
        <table id={id} className="pf-v6-c-table pf-m-compact" aria-label={label}>
            <thead className="pf-v6-c-table__thead">
                <tr className="pf-v6-c-table__tr">
                    {head.map((h, i) => (
                        <th key={i} className={"pf-v6-c-table__th" + (numeric.includes(i) ? " vmtune-num" : "")} scope="col">{h}</th>
                    ))}
                </tr>
            </thead>
            <tbody className="pf-v6-c-table__tbody">{children}</tbody>
        </table>
    );
}

/** One cell with its plain number for tests and copying in data-value. */
export function Cell({ col, value, num = value !== undefined, children }:
    { col?: string; value?: string | number | undefined; num?: boolean; children: ReactNode }) {
    return (
        <td className={"pf-v6-c-table__td" + (num ? " vmtune-num" : "")} data-col={col}
            data-value={value === undefined ? undefined : String(value)}>
            {children}
        </td>
    );
}
