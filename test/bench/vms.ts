// 200 minimal shut-off VMs (vmtune-bench-NNN) for the large-list figure; removed afterwards.
// Only names starting with vmtune-bench- are ever touched here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const VIRSH = ["-q", "-c", "qemu:///system"];
const PREFIX = "vmtune-bench-";

export function benchVmName(i: number): string {
    return PREFIX + String(i).padStart(3, "0");
}

/** One virsh process reads all commands from stdin: 200 defines in a few seconds. */
function virshBatch(commands: string[]): void {
    if (commands.length)
        execFileSync("virsh", VIRSH, { input: commands.join("\n") + "\n", stdio: ["pipe", "ignore", "inherit"] });
}

export function defineBenchVms(count: number): void {
    const dir = mkdtempSync(path.join(tmpdir(), "vmtune-bench-"));
    try {
        const commands: string[] = [];
        for (let i = 1; i <= count; i++) {
            const file = path.join(dir, `${i}.xml`);
            writeFileSync(file, `<domain type='qemu'>
  <name>${benchVmName(i)}</name>
  <memory unit='MiB'>64</memory>
  <vcpu placement='static'>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
`);
            commands.push(`define ${file}`);
        }
        virshBatch(commands);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

export function benchVms(): string[] {
    return execFileSync("virsh", [...VIRSH, "list", "--all", "--name"], { encoding: "utf8" })
        .split("\n").map(s => s.trim()).filter(s => s.startsWith(PREFIX));
}

export function undefineBenchVms(): void {
    virshBatch(benchVms().map(name => `undefine ${name}`));
}
