// The bench table: each figure with vmtune's median, the peer's (cockpit-machines or virsh), the
// ratio and the budget; plain text for the terminal, Markdown for BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

export interface Row {
    figure: string;
    ours: number;
    theirs?: number;
    /** who "theirs" is, when not cockpit-machines */
    theirsLabel?: string;
    /** ratio budget (ours / theirs ≤ limit) */
    budget?: string;
    limit?: number;
    /** absolute budget on ours */
    budgetAbs?: string;
    absLimit?: number;
    digits: number;
    extra?: string;
    met?: boolean;
}

function fmt(n: number | undefined, digits: number): string {
    return n === undefined || Number.isNaN(n) ? "—" : n.toFixed(digits);
}

function cells(r: Row): string[] {
    const ratio = r.theirs ? r.ours / r.theirs : undefined;
    if (r.limit !== undefined && ratio !== undefined) r.met = ratio <= r.limit;
    if (r.absLimit !== undefined) r.met = r.ours <= r.absLimit;
    const budget = r.budget ?? r.budgetAbs ?? "";
    const verdict = r.met === undefined ? "" : r.met ? "met" : "MISSED";
    const theirs = r.theirs === undefined ? "—" : `${fmt(r.theirs, r.digits)}${r.theirsLabel ? ` (${r.theirsLabel})` : ""}`;
    return [r.figure, fmt(r.ours, r.digits), theirs, ratio === undefined ? "—" : ratio.toFixed(2),
            [budget, verdict].filter(Boolean).join(" "), r.extra ?? ""];
}

const HEAD = ["Figure", "vmtune", "cockpit-machines / virsh", "ratio", "budget", "notes"];

export function plainTable(rows: Row[]): string {
    const all = [HEAD, ...rows.map(cells)];
    const widths = HEAD.map((_h, i) => Math.max(...all.map(r => (r[i] ?? "").length)));
    return all.map(r => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd()).join("\n");
}

export function markdownTable(rows: Row[]): string {
    const line = (r: string[]) => `| ${r.map(c => c.replace(/\|/g, "\\|")).join(" | ")} |`;
    return [line(HEAD), line(HEAD.map(() => "---")), ...rows.map(r => line(cells(r)))].join("\n");
}

function version(cmd: string, args: string[]): string {
    try {
        return execFileSync(cmd, args, { encoding: "utf8" }).trim().split("\n")[0] ?? "";
    } catch {
        return "?";
    }
}

export function machineText(chromium: string): string {
    const cpu = os.cpus()[0]?.model ?? "?";
    const pkgs = ["cockpit-ws", "cockpit-machines", "libvirt-daemon", "libvirt-dbus"]
        .map(p => `${p} ${version("dpkg-query", ["-W", "-f=${Version}", p])}`).join(", ");
    const distro = existsSync("/etc/debian_version") ? `Debian ${readFileSync("/etc/debian_version", "utf8").trim()}` : os.type();
    return `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${distro}, ` +
        `kernel ${os.release()}; chromium ${chromium} (headless); ${pkgs}; node ${process.version}; ` +
        `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const START = "<!-- bench:start (written by make bench) -->";
const END = "<!-- bench:end -->";

/** Replaces the generated part of BENCHMARKS.md; the hand-written analysis around it stays. */
export function writeBenchmarks(file: string, table: string, notes: string[], machine: string, reps: number): void {
    const generated = [START, "", machine, "", `Medians of ${reps} repetitions, one run.`, "", table, "",
                       ...notes.map(n => `- ${n}`), "", END].join("\n");
    const old = existsSync(file) ? readFileSync(file, "utf8") : "";
    const s = old.indexOf(START), e = old.indexOf(END);
    const text = s >= 0 && e > s
        ? old.slice(0, s) + generated + old.slice(e + END.length)
        : `# Benchmarks\n\nWritten by \`make bench\` (test/bench/).\n\n${generated}\n`;
    writeFileSync(file, text);
}
