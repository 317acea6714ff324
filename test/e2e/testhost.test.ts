// A host like the users' hosts: the two-node, cgroup v2, systemd test host (test/stack/testhost: a
// Debian 12 system under QEMU, its own libvirtd and libvirt-dbus) reached the way a user reaches a
// second host, through Cockpit's host switcher over SSH (127.0.0.1:2222, account vmtune-remote). The
// login is vmtune-noaccess, which may not use this machine's libvirt: all the page shows of that host
// came over SSH. The witnesses are inside the test host: virsh, numactl, systemctl, the cgroup v2 files
// of the running guest (cpu.weight, cpuset.cpus, memory.numa_stat).
// Its guests: vmtune-inner-idle runs (firmware only: TCG inside TCG boots a kernel in minutes, the
// firmware in seconds; its QEMU, threads and cgroups are real), vmtune-inner is defined and shut off
// (one guest cell per host node), for next-boot changes. Every test puts back what it changed.
import { execFileSync } from "node:child_process";
import type { Frame, Page } from "playwright-core";
import QUnit from "qunit";
import { ROOT, eventually, keyValues, text } from "./lib.ts";
import { apply, closeReview, fieldFinding, fill, openVm, review, reviewEnabled, scope } from "./cards.ts";
import { asPage, closeShellBrowser, pageFrame, shell } from "./shell.ts";
import { canonical, installXmldom } from "../unit/support/xml-canon.ts";

const LOGIN = "vmtune-noaccess";
const PORT = Number(process.env.VMTUNE_TESTHOST_PORT ?? 2222);
const HOST = "127.0.0.1";                           // its key in machines.d (start.sh)
const CONNECTION = `vmtune-remote@${HOST}:${PORT}`; // the shell's connection string for it
const IDLE = "vmtune-inner-idle";
const INNER = "vmtune-inner";
const TESTHOST = `${ROOT}/test/stack/testhost`;

const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

/** A command run as root inside the test host (test/stack/testhost/ssh.sh). */
function inside(script: string, input?: string): string {
    return execFileSync(`${TESTHOST}/ssh.sh`, [script], { encoding: "utf8", input, timeout: 120000 });
}

function innerVirsh(...args: string[]): string {
    return inside(["virsh -q -c qemu:///system", ...args.map(quote)].join(" "));
}

/** A node's CPUs from `numactl --hardware`'s "node N cpus: …" line. */
function nodeCpus(numactl: string, node: string): string[] {
    return new RegExp(`^node ${node} cpus: ([\\d ]+)$`, "m").exec(numactl)?.[1]?.trim().split(" ") ?? [];
}

/** What sshd inside said last, for a shell that never shows the page. */
function sshdLog(): string {
    try {
        return inside("journalctl -u ssh -n 15 --no-pager");
    } catch (error) {
        return `(journal not readable: ${(error as Error).message})`;
    }
}

/** Each guest's definition for next boot and, running, live (secure: nothing left out). */
function definitions(): Record<string, string> {
    return {
        [`${INNER} next boot`]: innerVirsh("dumpxml", "--inactive", "--security-info", INNER),
        [`${IDLE} next boot`]: innerVirsh("dumpxml", "--inactive", "--security-info", IDLE),
        [`${IDLE} live`]: innerVirsh("dumpxml", "--security-info", IDLE),
    };
}

/** The running guest's cgroup v2 directory (the machine scope), from its QEMU's /proc/PID/cgroup. */
function scopeDir(): string {
    const cg = inside(`sed -n 's/^0:://p' /proc/$(cat /run/libvirt/qemu/${IDLE}.pid)/cgroup`).trim();
    const scopePath = cg.replace(/\/libvirt(\/.*)?$/, "");
    if (!scopePath.includes(".scope"))
        throw new Error(`${IDLE}'s QEMU is not in a machine scope: ${cg}`);
    return `/sys/fs/cgroup${scopePath}`;
}

/** The guest's anonymous memory per host node in bytes, from its scope's memory.numa_stat. */
function memoryPerNode(dir: string): Record<string, number> {
    const line = inside(`grep '^anon ' ${quote(`${dir}/memory.numa_stat`)}`).trim();
    return Object.fromEntries([...line.matchAll(/N(\d+)=(\d+)/g)].map(m => [`node ${m[1]}`, Number(m[2])]));
}

/** Puts a definition back as it was (define from the saved text), for the tests' own cleanup. */
function defineInside(xml: string): void {
    inside("cat > /tmp/vmtune-restore.xml && virsh -q -c qemu:///system define /tmp/vmtune-restore.xml >/dev/null", xml);
}

let page: Page | undefined;
let frame: Frame;

// every read of the page goes over SSH to a host emulated by TCG: give it time
const SLOW = { timeout: 120000 };

/** A VM's tab, once its title names that VM (the previous VM's page may still be up for a moment). */
async function vmTab(vm: string, tab: string, card: string): Promise<void> {
    await openVm(asPage(frame), vm, tab);
    await eventually(() => text(frame.locator("#vm-title")), t => t.split(/\s/)[0] === vm, 120000);
    await frame.locator(`#${card}`).waitFor(SLOW);
}

/** Apply in the open review, then close it; the outcome must be done (else what the page said). */
async function applied(assert: Assert): Promise<void> {
    const { outcome, text: said } = await apply(asPage(frame));
    assert.strictEqual(outcome, "done", `applied: ${said}`);
    await closeReview(asPage(frame));
}

async function show(hash: string, selector: string): Promise<void> {
    await frame.evaluate(h => { window.location.hash = h }, hash);
    await frame.locator(selector).waitFor(SLOW);
}

QUnit.module("a host like the users' hosts: two NUMA nodes, cgroup v2, systemd, through the host switcher", hooks => {
    hooks.before(async () => {
        installXmldom();
        // the PAM cockpit-ws and its accounts, then the test host: booted if it is not (make check
        // starts it early), in the host switcher, the page installed in it, its guest running
        execFileSync(`${ROOT}/test/stack/start.sh`, ["demo"], { stdio: "ignore" });
        execFileSync(`${TESTHOST}/start.sh`, [], { stdio: ["ignore", "ignore", "pipe"] });
        // A first page on the freshly booted host was seen (2 runs in 7) never to get its host facts:
        // the summary stayed empty for minutes while libvirt-dbus and the account's session daemon
        // were starting inside. Not understood yet; a reload of the shell got past it. So: up to three
        // tries, each said in the log; every test below still needs the page to answer.
        for (let attempt = 1; ; attempt++) {
            page = await shell(LOGIN, `/@${HOST}/vmtune`);
            frame = await pageFrame(page, CONNECTION, "#host-summary", sshdLog);
            const cgroup = await eventually(() => text(frame.locator("#host-cgroup")), t => t !== "", 90000);
            if (cgroup !== "" || attempt === 3)
                break;
            console.log(`# the test host's page showed no host facts after 90 s (try ${attempt}): opening it again`);
            await page.context().close();
        }
    });
    hooks.after(async () => {
        await closeShellBrowser();
    });

    QUnit.test("the host as numactl and the kernel inside report it: two nodes, distances, cgroup v2; looking writes nothing", async assert => {
        const before = definitions();
        assert.true(frame.url().includes(`/cockpit/@${CONNECTION}/vmtune/`), `the page is served by the test host's bridge: ${frame.url()}`);
        assert.strictEqual(inside("stat -fc %T /sys/fs/cgroup").trim(), "cgroup2fs", "inside: the unified hierarchy");
        assert.strictEqual(await eventually(() => text(frame.locator("#host-cgroup")), t => t !== ""),
                           "v2 (CPU shares 1–10000, as cpu.weight)", "the summary says cgroup v2 and its range");

        await show("#/host", "#host-topology");
        const numactl = inside("numactl --hardware");
        for (const node of ["0", "1"]) {
            const cpus = nodeCpus(numactl, node);
            assert.strictEqual(cpus.length, 2, `numactl: node ${node} has two CPUs`);
            assert.strictEqual(await text(frame.locator(`.vmtune-host-node[data-node="${node}"] [data-field="cpus"]`)),
                               `${cpus[0]}-${cpus[1]}`, `node ${node}'s CPUs as numactl lists them`);
            const size = new RegExp(`^node ${node} size: (\\d+) MB$`, "m").exec(numactl)?.[1];
            const memory = await text(frame.locator(`.vmtune-host-node[data-node="${node}"] [data-field="memory"]`));
            assert.strictEqual(/^(\d+)(\.\d+)? MiB total, .* free$/.exec(memory)?.[1], size, `node ${node}'s memory as numactl's size (MB = MiB): ${memory}`);
        }
        assert.true((await text(frame.locator("#host-topology p").first())).startsWith("4 CPUs in 2 NUMA nodes, each with 1 sockets"),
                    "libvirt's sockets are per node, and said so");
        const output = await eventually(() => text(frame.locator("#numactl-output")), t => t !== "");
        assert.true(output.startsWith("available: 2 nodes (0-1)"), `numactl --hardware shown: ${output.slice(0, 40)}`);
        assert.true(/^node\s+0\s+1\s*$/m.test(numactl) && /^\s*0:\s+10\s+20\s*$/m.test(numactl), "inside: distances 10 and 20");
        assert.deepEqual([await text(frame.locator('#host-distances tr[data-node="0"] td:nth-child(2)')),
                          await text(frame.locator('#host-distances tr[data-node="0"] td:nth-child(3)'))], ["10", "20"],
                         "the distances table: node 0 to 0 and to 1");
        assert.strictEqual(await frame.locator("#placement-map [data-cpu]").count(), 4, "one map cell per host CPU");
        assert.deepEqual(definitions(), before, "both guests' definitions unchanged, live and next boot");
    });

    QUnit.test("CPU shares on cgroup v2: the range said as you type, a live change in virsh and in the scope's cpu.weight", async assert => {
        const dir = scopeDir();
        const before = definitions();
        const shares = keyValues(innerVirsh("schedinfo", IDLE, "--live")).cpu_shares ?? "";
        assert.strictEqual(inside(`cat ${quote(`${dir}/cpu.weight`)}`).trim(), shares, `cpu.weight is what virsh says (${shares})`);
        try {
            await vmTab(IDLE, "cpu", "card-scheduler #sched-shares");
            await fill(asPage(frame), "sched-shares", "20000");
            const finding = await eventually(() => fieldFinding(asPage(frame), "sched-shares"), t => t !== "");
            assert.true(finding.startsWith("CPU shares must be from 1 to 10000 on this host (cgroup v2 cpu.weight)"), `the v2 range, in words: ${finding}`);
            assert.false(await reviewEnabled(asPage(frame), "card-scheduler"), "no Review with it");

            const wanted = shares === "512" ? "513" : "512";
            await fill(asPage(frame), "sched-shares", wanted);
            await scope(asPage(frame), "card-scheduler", "live");
            const steps = await review(asPage(frame), "card-scheduler");
            assert.deepEqual(steps.map(s => [s.command, s.scope]), [["schedinfo", "live"]], "one live schedinfo step");
            await applied(assert);
            assert.strictEqual(keyValues(innerVirsh("schedinfo", IDLE, "--live")).cpu_shares, wanted, "virsh schedinfo --live");
            assert.strictEqual(inside(`cat ${quote(`${dir}/cpu.weight`)}`).trim(), wanted, "the scope's cpu.weight");
            assert.strictEqual(innerVirsh("dumpxml", "--inactive", "--security-info", IDLE), before[`${IDLE} next boot`],
                               "next boot untouched, whole");
        } finally {
            innerVirsh("schedinfo", IDLE, "--live", `cpu_shares=${shares}`);
        }
        assert.strictEqual(inside(`cat ${quote(`${dir}/cpu.weight`)}`).trim(), shares, "put back");
    });

    QUnit.test("numatune moved live from node 0 to node 1: the guest's memory follows (memory.numa_stat)", async assert => {
        const dir = scopeDir();
        const before = definitions();
        const start = memoryPerNode(dir);
        const total = (start["node 0"] ?? 0) + (start["node 1"] ?? 0);
        assert.true(total >= 64 << 20, `the guest's RAM is there (allocation immediate): ${JSON.stringify(start)}`);
        assert.true((start["node 0"] ?? 0) >= 0.9 * total, `on node 0 first (restrictive 0): ${JSON.stringify(start)}`);
        try {
            await vmTab(IDLE, "numa", "card-numatune");
            await fill(asPage(frame), "numa-nodeset", "1");
            await scope(asPage(frame), "card-numatune", "live");
            const steps = await review(asPage(frame), "card-numatune");
            assert.deepEqual(steps.map(s => [s.command, s.scope]), [["numatune", "live"]], "one live numatune step");
            await applied(assert);
            const numa = keyValues(innerVirsh("numatune", IDLE, "--live"));
            assert.deepEqual([numa.numa_mode, numa.numa_nodeset], ["restrictive", "1"], "virsh numatune --live");
            for (const thread of ["emulator", "vcpu0", "vcpu1"])
                assert.strictEqual(inside(`cat ${quote(`${dir}/libvirt/${thread}/cpuset.mems`)}`).trim(), "1", `${thread}'s cpuset.mems`);
            const moved = await eventually(async () => memoryPerNode(dir), m => (m["node 1"] ?? 0) >= 0.9 * total, 30000);
            assert.true((moved["node 1"] ?? 0) >= 0.9 * total, `the memory is on node 1 now: ${JSON.stringify(moved)}`);
            assert.strictEqual(innerVirsh("dumpxml", "--inactive", "--security-info", IDLE), before[`${IDLE} next boot`],
                               "next boot untouched, whole");

            // and back through the page (libvirt sends no event for a numatune change: a change made
            // with virsh would leave the page's read behind, and its next apply would be a conflict)
            await fill(asPage(frame), "numa-nodeset", "0");
            await review(asPage(frame), "card-numatune");
            await applied(assert);
            const back = await eventually(async () => memoryPerNode(dir), m => (m["node 0"] ?? 0) >= 0.9 * total, 30000);
            assert.true((back["node 0"] ?? 0) >= 0.9 * total, `back on node 0: ${JSON.stringify(back)}`);
        } finally {
            if (keyValues(innerVirsh("numatune", IDLE, "--live")).numa_nodeset !== "0")
                innerVirsh("numatune", IDLE, "--live", "--nodeset", "0");
        }
        assert.deepEqual(definitions(), before, "both guests' definitions as before, live and next boot");
    });

    QUnit.test("numatune for next boot of the shut-off guest: exactly that in its definition, the rest unchanged", async assert => {
        const before = innerVirsh("dumpxml", "--inactive", "--security-info", INNER);
        assert.false(before.includes("<numatune>"), "no numatune at first");
        try {
            await vmTab(INNER, "numa", "card-numatune");
            await frame.locator("#numa-mode").selectOption("strict");
            await fill(asPage(frame), "numa-nodeset", "1");
            const steps = await review(asPage(frame), "card-numatune");
            assert.deepEqual(steps.map(s => s.scope), ["config"], `next boot only: ${steps.map(s => s.command).join(", ")}`);
            await applied(assert);
            const after = innerVirsh("dumpxml", "--inactive", "--security-info", INNER);
            const numatune = /\s*<numatune>[\s\S]*?<\/numatune>/.exec(after)?.[0] ?? "";
            assert.strictEqual(canonical(numatune), canonical("<numatune><memory mode='strict' nodeset='1'/></numatune>"), "virsh: the new numatune");
            assert.strictEqual(canonical(after.replace(numatune, "")), canonical(before), "the rest of the definition unchanged, whole");
        } finally {
            defineInside(before);
        }
        assert.strictEqual(innerVirsh("dumpxml", "--inactive", "--security-info", INNER), before, "put back");
    });

    QUnit.test("Suggest placement on two nodes: the node with room, applied for next boot, read back whole, put back", async assert => {
        const before = innerVirsh("dumpxml", "--inactive", "--security-info", INNER);
        assert.false(/<cputune>|<numatune>/.test(before), "no pins and no numatune at first");
        const numactl = inside("numactl --hardware");
        try {
            await show("#/host", "#suggest-vm");
            await frame.selectOption("#suggest-vm", INNER);
            await frame.click("#suggest-placement");
            const explanation = await eventually(() => text(frame.locator("#suggest-explanation")), t => t !== "", 60000);
            const node = /^Host node (\d) has room/.exec(explanation)?.[1] ?? "";
            assert.notStrictEqual(node, "", `one node has room: ${explanation}`);
            const cpus = nodeCpus(numactl, node);
            const vcpupin = await text(frame.locator('#suggest-details [data-field="vcpupin"]'));
            const pins = [...vcpupin.matchAll(/vCPU (\d) → CPU (\d+)/g)].map(m => [m[1], m[2]]);
            assert.strictEqual(pins.length, 2, `both vCPUs pinned: ${vcpupin}`);
            assert.true(pins.every(([, cpu]) => cpus.includes(cpu ?? "")), `on node ${node}'s CPUs (${cpus.join(" ")}): ${vcpupin}`);
            assert.strictEqual(await text(frame.locator('#suggest-details [data-field="numatune"]')), `mode strict, host nodes ${node}`, "memory on that node");
            for (const [vcpu, cpu] of pins)
                assert.strictEqual(await frame.locator(`#placement-map [data-cpu="${cpu}"]`).getAttribute("data-suggested"), `vCPU ${vcpu}`, "shown on the map");
            const emulator = await text(frame.locator('#suggest-details [data-field="emulatorpin"]'));

            const steps = await review(asPage(frame), "card-suggest");
            assert.true(steps.every(s => s.scope === "config"), `next boot only (shut off): ${steps.map(s => `${s.command} ${s.scope}`).join(", ")}`);
            await applied(assert);
            for (const [vcpu, cpu] of pins)
                assert.true(new RegExp(`^\\s*${vcpu}\\s+${cpu}\\s*$`, "m").test(innerVirsh("vcpupin", INNER, "--config")), `virsh vcpupin: vCPU ${vcpu} on CPU ${cpu}`);
            assert.true(new RegExp(`^\\s*(\\*:\\s+)?${emulator}\\s*$`, "m").test(innerVirsh("emulatorpin", INNER, "--config")), `virsh emulatorpin: ${emulator}`);
            const numa = keyValues(innerVirsh("numatune", INNER, "--config"));
            assert.deepEqual([numa.numa_mode, numa.numa_nodeset], ["strict", node], "virsh numatune --config");
            const after = innerVirsh("dumpxml", "--inactive", "--security-info", INNER);
            const without = after.replace(/\s*<cputune>[\s\S]*?<\/cputune>/, "").replace(/\s*<numatune>[\s\S]*?<\/numatune>/, "");
            assert.strictEqual(canonical(without), canonical(before), "the rest of the definition unchanged, whole");
        } finally {
            defineInside(before);
        }
        assert.strictEqual(innerVirsh("dumpxml", "--inactive", "--security-info", INNER), before, "put back");
    });

    QUnit.test("All vCPUs to one NUMA node, each node in turn, live: virsh, the vCPU cgroups and the threads' affinity", async assert => {
        const dir = scopeDir();
        const before = definitions();
        const numactl = inside("numactl --hardware");
        try {
            for (const node of ["0", "1"]) {
                const cpus = nodeCpus(numactl, node);
                const range = `${cpus[0]}-${cpus[cpus.length - 1]}`;
                await vmTab(IDLE, "cpu", "card-pinning #pin-bulk-node");
                await frame.selectOption("#pin-bulk-node", node);
                assert.deepEqual([await frame.locator("#pin-vcpu-0").inputValue(), await frame.locator("#pin-vcpu-1").inputValue()],
                                 [range, range], `node ${node}: both vCPUs' fields filled with its CPUs`);
                await scope(asPage(frame), "card-pinning", "live");
                const steps = await review(asPage(frame), "card-pinning");
                assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`), ["vcpupin live", "vcpupin live"], "two live vcpupin steps");
                await applied(assert);
                const pins = innerVirsh("vcpupin", IDLE, "--live");
                for (const vcpu of ["0", "1"]) {
                    assert.true(new RegExp(`^\\s*${vcpu}\\s+${range}\\s*$`, "m").test(pins), `virsh vcpupin --live: vCPU ${vcpu} on ${range}`);
                    const cg = `${dir}/libvirt/vcpu${vcpu}`;
                    assert.strictEqual(inside(`cat ${quote(`${cg}/cpuset.cpus`)}`).trim(), range, `vcpu${vcpu}'s cgroup cpuset.cpus`);
                    const affinity = inside(`for t in $(cat ${quote(`${cg}/cgroup.threads`)}); do sed -n 's/^Cpus_allowed_list:\\s*//p' /proc/$t/status; done`);
                    assert.deepEqual([...new Set(affinity.trim().split("\n"))], [range], `vCPU ${vcpu}'s thread: Cpus_allowed_list`);
                }
            }
            assert.strictEqual(innerVirsh("dumpxml", "--inactive", "--security-info", IDLE), before[`${IDLE} next boot`], "next boot untouched, whole");
        } finally {
            // libvirt 9.0 has no live unpin: widen back to every CPU
            for (const vcpu of ["0", "1"]) innerVirsh("vcpupin", IDLE, vcpu, "0-3", "--live");
        }
    });

    QUnit.test("systemd's AllowedCPUs of the host's slices, set inside, show on the isolation card and the placement map", async assert => {
        const units = ["system.slice", "user.slice", "init.scope"];
        const before = definitions();
        try {
            inside(units.map(u => `systemctl set-property --runtime ${u} AllowedCPUs=0-1`).join(" && "));
            assert.strictEqual(inside("systemctl show -p AllowedCPUs --value system.slice").trim(), "0-1", "inside: system.slice AllowedCPUs=0-1");
            // the host page reads the isolation when it is shown
            await show("#/", "#host-summary");
            await show("#/host", '#isolation-table tr[data-key="system.slice"]');
            for (const unit of units)
                assert.strictEqual(await text(frame.locator(`#isolation-table tr[data-key="${unit}"] td`).nth(1)), "0-1", `${unit} AllowedCPUs`);
            const marks = await eventually(() => frame.locator("#placement-map [data-cpu]").evaluateAll(cells =>
                cells.map(c => `${(c as HTMLElement).dataset.cpu}:${(c as HTMLElement).dataset.isolation ?? "-"}`)), m => m.includes("0:host"));
            assert.deepEqual(marks, ["0:host", "1:host", "2:-", "3:-"], "CPUs 0-1 the host's own, 2-3 free of its processes");
            assert.deepEqual(definitions(), before, "looking wrote nothing");
        } finally {
            inside(units.map(u => `systemctl set-property --runtime ${u} AllowedCPUs=`).join(" && "));
        }
        assert.strictEqual(inside("systemctl show -p AllowedCPUs --value system.slice init.scope user.slice").trim(), "", "put back: unset");
    });

    QUnit.test("Dedicated on two nodes for next boot: one vCPU per node by the guest's cells; Shared gives the definition back whole", async assert => {
        const before = innerVirsh("dumpxml", "--inactive", "--security-info", INNER);
        const numactl = inside("numactl --hardware");
        const nodeOf = (cpu: string) => ["0", "1"].find(n => nodeCpus(numactl, n).includes(cpu));
        try {
            await vmTab(INNER, "cpu", "card-profile #profile-choice");
            await frame.selectOption("#profile-choice", "dedicated");
            const vcpupin = await eventually(() => text(frame.locator('#profile-details [data-field="vcpupin"]')), t => t !== "");
            const pins = [...vcpupin.matchAll(/vCPU (\d) → CPU (\d+)/g)].map(m => [m[1] ?? "", m[2] ?? ""]);
            assert.deepEqual(pins.map(([vcpu, cpu]) => `vCPU ${vcpu}: node ${nodeOf(cpu ?? "")}`), ["vCPU 0: node 0", "vCPU 1: node 1"],
                             `guest cell 0 on host node 0, cell 1 on node 1: ${vcpupin}`);
            const steps = await review(asPage(frame), "card-profile");
            assert.deepEqual(steps.map(s => `${s.command} ${s.scope}`),
                             ["define config", "numatune config", "vcpupin config", "vcpupin config", "emulatorpin config"], "one plan, next boot");
            await applied(assert);
            const pinned = innerVirsh("vcpupin", INNER, "--config");
            for (const [vcpu, cpu] of pins)
                assert.true(new RegExp(`^\\s*${vcpu}\\s+${cpu}\\s*$`, "m").test(pinned), `virsh vcpupin: vCPU ${vcpu} on CPU ${cpu}`);
            const numa = keyValues(innerVirsh("numatune", INNER, "--config"));
            assert.deepEqual([numa.numa_mode, numa.numa_nodeset], ["strict", "0-1"], "virsh numatune: strict on both nodes");
            const xml = innerVirsh("dumpxml", "--inactive", INNER);
            assert.true(xml.includes("<nosharepages/>"), "nosharepages");
            assert.deepEqual([...xml.matchAll(/<memnode cellid='(\d)' mode='strict' nodeset='(\d)'\/>/g)].map(m => `cell ${m[1]}: node ${m[2]}`),
                             ["cell 0: node 0", "cell 1: node 1"], "each guest cell's memory on its host node");

            await frame.selectOption("#profile-choice", "shared");
            const back = await review(asPage(frame), "card-profile");
            assert.deepEqual(back.map(s => `${s.command} ${s.scope}`), ["define config"], "Shared: one define");
            await applied(assert);
            assert.strictEqual(canonical(innerVirsh("dumpxml", "--inactive", "--security-info", INNER)), canonical(before),
                               "the definition as it was, whole");
        } finally {
            defineInside(before);
        }
    });

    QUnit.test("the Performance tab on cgroup v2: a vCPU quota's throttling, as the vCPU's cpu.max and cpu.stat have it", async assert => {
        const dir = scopeDir();
        const vcpu0 = `${dir}/libvirt/vcpu0`;
        // 1 ms of CPU per 100 ms period: even the firmware's idle vCPU thread (TCG) hits it
        innerVirsh("schedinfo", IDLE, "--live", "vcpu_quota=1000");
        try {
            assert.strictEqual(inside(`cat ${quote(`${vcpu0}/cpu.max`)}`).trim(), "1000 100000", "inside: vcpu0's cpu.max holds the quota");
            await vmTab(IDLE, "perf", "perf-status");
            const finding = frame.locator('.perf-finding[data-kind="throttled"]');
            await finding.first().waitFor(SLOW);
            const said = await text(finding.first());
            assert.true(/throttled by (its|their) own quota in \d+ % of the scheduler periods: vcpu_quota 1000 µs per vcpu_period 100000 µs/.test(said), said);
            const shown = Number(await frame.locator("#perf-group-vcpu0 [data-col=throttled-periods]").getAttribute("data-value"));
            const counted = Number(/^nr_throttled (\d+)$/m.exec(inside(`cat ${quote(`${vcpu0}/cpu.stat`)}`))?.[1]);
            assert.true(shown > 0, `the page: vcpu0 throttled in ${shown} periods`);
            assert.true(counted >= shown, `cpu.stat's nr_throttled (${counted}, since the quota was set) covers what the page shows`);
        } finally {
            innerVirsh("schedinfo", IDLE, "--live", "vcpu_quota=-1");
        }
        assert.strictEqual(inside(`cat ${quote(`${vcpu0}/cpu.max`)}`).trim(), "max 100000", "put back: no quota");
    });
});
