// One in-process libvirt (virsh -c test:///default: the test driver, no daemon) per session, fed a
// command sequence; the answer of each command comes back on its own. The test driver forgets
// everything when virsh exits, so a session is one scenario from its first define to its last dumpxml.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Step } from "../../../src/model/types.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "vmtune-diff-"));
let files = 0;

/** A file holding `text`, for virsh commands that read XML (define, attach-device). */
export function tempFile(text: string): string {
    const file = path.join(dir, `f${files++}.xml`);
    writeFileSync(file, text);
    return file;
}

export interface Answer {
    command: string;
    output: string;
    /** virsh's error lines ("error: …"), empty when the command was accepted */
    errors: string[];
}

/** Runs `commands` in one virsh; throws (so the test fails, never skips) when virsh cannot run. The
 *  commands go as one argument, separated by ";" (virsh's own command-string syntax), not through its
 *  interactive shell: there readline echoes each line, and wraps long ones differently by terminal
 *  (TERM unset in a bare chroot broke the echo this used to strip). */
export function virshSession(commands: string[]): Answer[] {
    const marker = (i: number) => `@@vmtune-${i}@@`;
    const script = commands.flatMap((c, i) => [c, `echo ${marker(i)}`]).join(" ; ");
    // stderr into stdout in order: virsh flushes after each command, so errors land in their segment
    const r = spawnSync("sh", ["-c", 'exec virsh -q -c test:///default "$1" 2>&1', "sh", script], { encoding: "utf8", timeout: 60000 });
    if (r.error !== undefined || r.status !== 0)
        throw new Error(`virsh -c test:///default did not run (status ${String(r.status)}): ${r.error?.message ?? r.stdout}`);
    // `echo` prints its marker without a newline: each command's answer is what lies between two markers
    const answers: Answer[] = [];
    let at = 0;
    for (let i = 0; i < commands.length; i++) {
        const end = r.stdout.indexOf(marker(i), at);
        if (end < 0)
            throw new Error(`virsh answered ${i} of ${commands.length} commands: ${r.stdout.slice(-2000)}`);
        const text = r.stdout.slice(at, end);
        answers.push({ command: commands[i] ?? "", output: text, errors: text.split("\n").filter(l => l.startsWith("error:")) });
        at = end + marker(i).length;
    }
    return answers;
}

/**
 * The virsh commands a step's line stands for, as virsh-shell commands: a here-document becomes a file
 * (the XML the D-Bus call sends). The test driver refuses --live and --config together ("mutually
 * exclusive"; QEMU takes both in one call): such a step is sent as --live, then --config.
 */
export function stepCommands(step: Step): string[] {
    const first = step.virsh.split("\n")[0] ?? "";
    let command = first.replace(/^virsh /, "");
    if (step.command === "define" || step.command === "attach-device" || step.command === "detach-device")
        command = command.replace(/ <<'[A-Z_0-9]+'$/, "").replace("/dev/stdin", tempFile(String(step.call.args[0])));
    return command.includes(" --live --config")
        ? [command.replace(" --live --config", " --live"), command.replace(" --live --config", " --config")]
        : [command];
}
