// Many minimal VMs (vmtune-bench-NNNN) for the large-list figures, a few of them running; removed
// afterwards. A running one is started paused (virsh start --paused): QEMU is up, the domain is active
// and has statistics, and its vCPU never runs guest code, so 50 of them fit a 2-core machine (TCG
// guests that boot would not).
// Only names starting with vmtune-bench- are ever touched here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const VIRSH = ["-q", "-c", "qemu:///system"];
const PREFIX = "vmtune-bench-";

export function benchVmName(i: number): string {
    return PREFIX + String(i).padStart(4, "0");
}

/** One virsh process reads all commands from stdin: 200 defines in a few seconds. */
function virshBatch(commands: string[]): void {
    if (commands.length)
        execFileSync("virsh", VIRSH, { input: commands.join("\n") + "\n", stdio: ["pipe", "ignore", "inherit"] });
}

export function defineBenchVms(count: number, running = 0): void {
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
        virshBatch(Array.from({ length: Math.min(running, count) }, (_, i) => `start --paused ${benchVmName(i + 1)}`));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

export function benchVms(): string[] {
    return execFileSync("virsh", [...VIRSH, "list", "--all", "--name"], { encoding: "utf8" })
        .split("\n").map(s => s.trim()).filter(s => s.startsWith(PREFIX));
}

export function runningBenchVms(): string[] {
    return execFileSync("virsh", [...VIRSH, "list", "--name"], { encoding: "utf8" })
        .split("\n").map(s => s.trim()).filter(s => s.startsWith(PREFIX));
}

export function undefineBenchVms(): void {
    virshBatch(runningBenchVms().map(name => `destroy ${name}`));
    virshBatch(benchVms().map(name => `undefine ${name}`));
}
