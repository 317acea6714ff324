import QUnit from "qunit";
import {
    cmdlineWords, hostIsolation, isolationFindings, parseKernelCpuList, parseKernelIsolation, parseSystemctlCpus,
} from "../../src/model/host/isolation.ts";
import type { IsolationSources } from "../../src/model/host/isolation.ts";
import { parseCapabilitiesHost } from "../../src/model/host/capabilities.ts";
import { placementMap } from "../../src/model/placement/placement.ts";
import { placementView, vcpuPinsByVm } from "../../src/model/view/placement-view.ts";
import { bigVms } from "./support/placement-big.ts";
import { installXmldom } from "./support/xml-canon.ts";

installXmldom();

// this machine's own command line: no isolation, and init's arguments after "--"
const HOST_CMDLINE = "console=ttyS0 quiet panic=1 rdinit=/process_api -- --firecracker-init --addr 0.0.0.0:2024\n";
const SYSTEMCTL_3 = "AllowedCPUs=0-1\nEffectiveCPUs=0-1\n\nAllowedCPUs=0-1,6\nEffectiveCPUs=0-1,6\n\nAllowedCPUs=\nEffectiveCPUs=0-7\n";

QUnit.module("host CPU isolation", () => {
    QUnit.test("command line words: quotes group, everything after -- belongs to init", assert => {
        assert.deepEqual(cmdlineWords(HOST_CMDLINE), ["console=ttyS0", "quiet", "panic=1", "rdinit=/process_api"]);
        assert.deepEqual(cmdlineWords("a=\"x y\"  b\t-- isolcpus=1"), ["a=x y", "b"]);
        assert.deepEqual(cmdlineWords("isolcpus=3"), ["isolcpus=3"]);
        assert.deepEqual(cmdlineWords("a --"), ["a"]);
        assert.deepEqual(cmdlineWords(""), []);
    });

    QUnit.test("kernel CPU lists: ranges, groups, N and all", assert => {
        assert.deepEqual(parseKernelCpuList("1,3-5", 8), [1, 3, 4, 5]);
        assert.deepEqual(parseKernelCpuList("0-7:2/4", 8), [0, 1, 4, 5]);
        assert.deepEqual(parseKernelCpuList("4-N", 8), [4, 5, 6, 7]);
        assert.deepEqual(parseKernelCpuList("all", 4), [0, 1, 2, 3]);
        assert.deepEqual(parseKernelCpuList("5,1,1", 8), [1, 5], "sorted, once");
        assert.deepEqual(parseKernelCpuList("", 8), []);
        assert.throws(() => parseKernelCpuList("3-1", 8), /Not a CPU range: 3-1/);
        assert.throws(() => parseKernelCpuList("x", 8), /Not a CPU/);
        assert.throws(() => parseKernelCpuList("0-7:5/4", 8), /Not a CPU range/);
    });

    QUnit.test("isolcpus with and without flags, nohz_full, rcu_nocbs, irqaffinity; the last occurrence counts", assert => {
        const p = parseKernelIsolation("ro isolcpus=domain,managed_irq,2-5 nohz_full=2-5 rcu_nocbs=2-N irqaffinity=0-1 quiet", 8);
        assert.deepEqual(p.map(x => [x.name, x.cpus, x.flags]), [
            ["isolcpus", [2, 3, 4, 5], ["domain", "managed_irq"]],
            ["nohz_full", [2, 3, 4, 5], []],
            ["rcu_nocbs", [2, 3, 4, 5, 6, 7], []],
            ["irqaffinity", [0, 1], []],
        ]);
        assert.deepEqual(parseKernelIsolation("isolcpus=1 isolcpus=nohz,6-7", 8).map(x => [x.text, x.cpus, x.flags]),
                         [["nohz,6-7", [6, 7], ["nohz"]]]);
        const odd = parseKernelIsolation("isolcpus=bogus,2 nohz_full= rcu_nocbs isolcpusx=1", 8);
        assert.strictEqual(odd[0]?.problem, "Unknown isolcpus flag: bogus");
        assert.strictEqual(odd[1]?.problem, "No CPU list", "nohz_full without a list");
        assert.strictEqual(odd.length, 3, "a longer name is not the parameter");
        assert.deepEqual(parseKernelIsolation(HOST_CMDLINE, 8), [], "this host: none");
        assert.deepEqual(parseKernelIsolation("-- isolcpus=1", 8), [], "an init argument is not the kernel's");
    });

    QUnit.test("systemctl show: one block per unit in order; empty = not set; odd lines ignored", assert => {
        const units = ["system.slice", "user.slice", "init.scope"];
        const r = parseSystemctlCpus(SYSTEMCTL_3, units, 8);
        assert.deepEqual(r.map(u => [u.unit, u.allowed, u.effective]), [
            ["system.slice", [0, 1], [0, 1]], ["user.slice", [0, 1, 6], [0, 1, 6]], ["init.scope", undefined, [0, 1, 2, 3, 4, 5, 6, 7]],
        ]);
        const odd = parseSystemctlCpus("\n\nEffectiveCPUs=\r\nAllowedCPUs=3-2\nnoise\n\n\n\nX=1\n", units, 8);
        assert.true(/Not a CPU range/.test(odd[0]?.problem ?? ""), "unreadable AllowedCPUs said");
        assert.strictEqual(odd[1]?.allowed, undefined);
        assert.strictEqual(odd[2]?.allowedText, "", "a missing block: not set");
        assert.strictEqual(parseSystemctlCpus("", units, 8).length, 3);
    });

    QUnit.test("this host: nothing isolated, no systemd, nothing restricted", assert => {
        const iso = hostIsolation({ cmdline: HOST_CMDLINE, isolated: "", pid1: "process_api", cgroup: 1 }, 4);
        assert.false(iso.restricts);
        assert.strictEqual(iso.systemd, "absent");
        assert.strictEqual(iso.housekeeping, undefined);
        assert.deepEqual(iso.mechanisms.map(m => [m.key, m.cpusText, m.source]), [
            ["sysfs-isolated", "none", "/sys/devices/system/cpu/isolated"],
            ["sysfs-nohz_full", "none (no such file)", "/sys/devices/system/cpu/nohz_full"],
        ]);
        assert.deepEqual(isolationFindings(iso, new Map([["vm", [{ vcpu: 0, cpus: [0] }]]])), [], "no finding: every pin would be flagged");
    });

    const ISOLATED: IsolationSources = {
        cmdline: "isolcpus=managed_irq,domain,4-7 nohz_full=4-7", isolated: "4-7\n", nohzFull: "4-7", pid1: "systemd\n",
        systemctl: SYSTEMCTL_3, cgroup: 2,
    };

    QUnit.test("isolcpus plus systemd slices: the isolated CPUs and where the host's processes may run", assert => {
        const iso = hostIsolation(ISOLATED, 8);
        assert.true(iso.restricts);
        assert.deepEqual(iso.isolated, [4, 5, 6, 7]);
        assert.deepEqual(iso.housekeeping, [0, 1, 2, 3], "init.scope is not restricted: every CPU but the isolated ones");
        const keys = iso.mechanisms.map(m => m.key);
        assert.deepEqual(keys, ["isolcpus", "nohz_full", "sysfs-isolated", "sysfs-nohz_full", "system.slice", "user.slice", "init.scope"]);
        assert.strictEqual(iso.mechanisms[0]?.name, "isolcpus (managed_irq, domain)");
        assert.true(iso.mechanisms[0]?.meaning.startsWith("The scheduler does not move tasks"), iso.mechanisms[0]?.meaning);
        assert.strictEqual(iso.mechanisms[6]?.cpusText, "all CPUs (not set)");
        assert.strictEqual(iso.mechanisms[4]?.source, "systemctl show system.slice");

        const slicesOnly = hostIsolation({ ...ISOLATED, cmdline: "", isolated: "", systemctl: "AllowedCPUs=0-1\n\nAllowedCPUs=0-1\n\nAllowedCPUs=0\n" }, 8);
        assert.deepEqual(slicesOnly.isolated, []);
        assert.deepEqual(slicesOnly.housekeeping, [0, 1], "the union of the slices");
        const nohzOnly = hostIsolation({ cmdline: "isolcpus=nohz,2-3", pid1: "init" }, 4);
        assert.deepEqual(nohzOnly.isolated, [], "isolcpus=nohz alone does not take CPUs from the scheduler");
        assert.false(nohzOnly.restricts);
        const failed = hostIsolation({ ...ISOLATED, systemctl: undefined, systemctlError: "Failed to connect to bus" }, 8);
        assert.strictEqual(failed.mechanisms.find(m => m.key === "system.slice")?.problem, "Failed to connect to bus");
    });

    QUnit.test("the finding: vCPUs on CPUs where host processes may run, with the host's fix", assert => {
        const iso = hostIsolation(ISOLATED, 8);
        const pins = new Map([
            ["good", [{ vcpu: 0, cpus: [4] }, { vcpu: 1, cpus: [5] }]],
            ["bad", [{ vcpu: 0, cpus: [6] }, { vcpu: 1, cpus: [2] }, { vcpu: 2, cpus: [3, 7] }]],
        ]);
        const f = isolationFindings(iso, pins);
        assert.deepEqual(f.map(x => [x.vm, x.vcpus, x.cpus]), [["bad", [1, 2], [2, 3]]]);
        assert.true(f[0]?.message.includes("systemctl set-property --runtime system.slice AllowedCPUs=0-1"), f[0]?.message);
        assert.true(f[0]?.message.includes("isolcpus=2-3"), f[0]?.message);
        assert.true(f[0]?.message.startsWith("bad: vCPU 1-2 pinned to CPUs 2-3"), f[0]?.message);

        const v1 = isolationFindings(hostIsolation({ ...ISOLATED, cgroup: 1 }, 8), pins);
        assert.true(v1[0]?.message.endsWith("this host runs cgroup v1."), v1[0]?.message);
        const noSystemd = isolationFindings(hostIsolation({ ...ISOLATED, pid1: "init" }, 8), pins);
        assert.true(noSystemd[0]?.message.includes("add isolcpus=2-3 to the kernel command line"), noSystemd[0]?.message);
        assert.false(noSystemd[0]?.message.includes("set-property"));
        const all = isolationFindings(iso, new Map([["all", [{ vcpu: 0, cpus: [0, 1, 2, 3] }]]]));
        assert.true(all[0]?.message.includes("leave some CPUs for the host first"), all[0]?.message);
    });

    QUnit.test("placement map: isolated and host CPUs marked, named in each cell; vCPU pins by VM", assert => {
        const host = parseCapabilitiesHost(CAPS);
        const map = placementMap(bigVms().slice(0, 0), host);
        const iso = hostIsolation(ISOLATED, host.totalCpus);
        const view = placementView(host, map, "live", new Map(),
                                   { isolated: new Set(iso.isolated), housekeeping: new Set(iso.housekeeping) });
        const cells = view.nodes.flatMap(n => n.sockets.flatMap(s => s.cores.flatMap(c => c.cpus)));
        assert.deepEqual(cells.filter(c => c.isolation === "isolated").map(c => c.cpu), [4, 5, 6, 7]);
        assert.deepEqual(cells.filter(c => c.isolation === "host").map(c => c.cpu), [0, 1, 2, 3]);
        assert.true(cells[4]?.label.includes("isolated from the scheduler"), cells[4]?.label);
        assert.true(cells[0]?.label.includes("host processes may run here"), cells[0]?.label);
        const plain = placementView(host, map, "live");
        assert.true(plain.nodes[0]?.sockets[0]?.cores[0]?.cpus.every(c => c.isolation === undefined), "no marks without isolation");

        const big = parseCapabilitiesHost(BIG_CAPS());
        const pins = vcpuPinsByVm(placementMap(bigVms(), big), "live");
        assert.deepEqual(pins.get("big")?.find(p => p.vcpu === 5)?.cpus, [5]);
    });
});

const CAPS = `<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells num="1"><cell id="0"><cpus num="8">
${[0, 1, 2, 3, 4, 5, 6, 7].map(i => `<cpu id="${i}" socket_id="0" core_id="${i}" siblings="${i}"/>`).join("")}
</cpus></cell></cells></topology></host></capabilities>`;

function BIG_CAPS(): string {
    const cpus = Array.from({ length: 256 }, (_v, i) => `<cpu id="${i}" socket_id="0" core_id="${i}" siblings="${i}"/>`).join("");
    return `<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells num="1"><cell id="0"><cpus num="256">${cpus}</cpus></cell></cells></topology></host></capabilities>`;
}
