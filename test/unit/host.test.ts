import QUnit from "qunit";
import { DOMParser as XmldomParser } from "@xmldom/xmldom";
import { cellOfCpu, cellsOfCpus, cpusOfCells, parseCapabilitiesHost } from "../../src/model/host/capabilities.ts";
import { cgroupVersion } from "../../src/model/host/cgroup.ts";
import { parseNumactlHardware } from "../../src/model/host/numactl.ts";
import type { HostTopology } from "../../src/model/host/capabilities.ts";

// host.ts uses the global DOMParser, as in the browser; xmldom stands in (quietly: errors still throw).
class QuietParser extends XmldomParser {
    constructor() {
        super({ onError: () => undefined });
    }
}
globalThis.DOMParser = QuietParser as unknown as typeof DOMParser;

// Fixtures are read at run time (the bundle lives in build/unit/); see cpuset.test.ts for why this way.
interface Fs { readFile(path: URL, encoding: "utf8"): Promise<string> }
const fsModule = "node:fs/promises";
async function fixture(name: string): Promise<string> {
    const fs = await import(fsModule) as Fs;
    return fs.readFile(new URL(`../../test/unit/fixtures/host/${name}`, import.meta.url), "utf8");
}

function sum(values: number[]): number {
    return values.reduce((a, b) => a + b, 0);
}

/** Consistency every well-formed topology has, whatever the host. */
function checkInvariants(assert: Assert, t: HostTopology, label: string): void {
    const ids = t.cells.flatMap(c => c.cpus.map(cpu => cpu.id));
    assert.strictEqual(new Set(ids).size, ids.length, `${label}: each CPU in one cell`);
    assert.strictEqual(t.totalCpus, ids.length, `${label}: totalCpus`);
    const byId = new Map(t.cells.flatMap(c => c.cpus).map(c => [c.id, c]));
    let ok = true;
    for (const cpu of byId.values()) {
        if (!cpu.online)
            continue;
        ok &&= cpu.siblings?.includes(cpu.id) === true;
        for (const s of cpu.siblings ?? []) {
            const sib = byId.get(s);
            ok &&= sib !== undefined && sib.core_id === cpu.core_id && sib.socket_id === cpu.socket_id &&
                JSON.stringify(sib.siblings) === JSON.stringify(cpu.siblings);
        }
    }
    assert.true(ok, `${label}: siblings are symmetric and share socket and core`);
    for (const cell of t.cells) {
        if (cell.distances.length > 0) {
            assert.strictEqual(cell.distances.find(d => d.id === cell.id)?.value, 10, `${label}: local distance of ${cell.id}`);
            assert.deepEqual(cell.distances.map(d => d.id), t.cells.map(c => c.id), `${label}: distances of ${cell.id} cover all cells`);
        }
    }
}

QUnit.module("host: capabilities", () => {
    QUnit.test("this machine (virsh -c qemu:///system capabilities, libvirt 9.0.0)", async assert => {
        const t = parseCapabilitiesHost(await fixture("caps-local.xml"));
        assert.strictEqual(t.arch, "x86_64");
        assert.strictEqual(t.model, "Broadwell");
        assert.strictEqual(t.vendor, "Intel");
        assert.deepEqual(t.cpuTopology, { sockets: 1, dies: 1, cores: 2, threads: 1 });
        assert.deepEqual(t.pageSizes, [4, 2048, 1048576]);
        assert.strictEqual(t.cells.length, 1);
        assert.strictEqual(t.totalCpus, 2);
        assert.deepEqual(t.onlineCpus, [0, 1]);
        const cell = t.cells[0];
        assert.strictEqual(cell?.memory, 4942028);
        assert.deepEqual(cell?.pages, [{ size: 4, count: 1235507 }, { size: 2048, count: 0 }, { size: 1048576, count: 0 }]);
        assert.deepEqual(cell?.distances, [{ id: 0, value: 10 }]);
        assert.deepEqual(cell?.cpus[1], { id: 1, online: true, socket_id: 0, die_id: 0, cluster_id: undefined, core_id: 1, siblings: [1] });
        checkInvariants(assert, t, "local");
    });

    QUnit.test("libvirt's test driver (test:///default): two cells, no distances", async assert => {
        const t = parseCapabilitiesHost(await fixture("caps-testdriver.xml"));
        assert.strictEqual(t.cells.length, 2);
        assert.strictEqual(t.totalCpus, 16);
        assert.deepEqual(t.cells.map(c => c.memory), [2097152, 4194304]);
        assert.deepEqual(t.cells.map(c => c.distances), [[], []]);
        assert.deepEqual(t.cells[1]?.cpus.map(c => c.socket_id), [1, 1, 1, 1, 1, 1, 1, 1]);
        checkInvariants(assert, t, "test driver");
    });

    QUnit.test("4 nodes, 64 CPUs, sub-NUMA clustering, an offline CPU, huge pages", async assert => {
        const t = parseCapabilitiesHost(await fixture("caps-4node-64cpu.xml"));
        assert.deepEqual(t.cpuTopology, { sockets: 2, dies: 1, cores: 16, threads: 2 });
        assert.deepEqual(t.cells.map(c => c.id), [0, 1, 2, 3]);
        assert.strictEqual(t.totalCpus, 64);
        assert.strictEqual(t.onlineCpus.length, 63);
        assert.false(t.onlineCpus.includes(63));
        const cpu63 = t.cells[3]?.cpus.find(c => c.id === 63);
        assert.deepEqual(cpu63, { id: 63, online: false, socket_id: undefined, die_id: undefined, cluster_id: undefined, core_id: undefined, siblings: undefined });
        assert.deepEqual(t.cells[3]?.cpus.find(c => c.id === 31)?.siblings, [31], "the offline thread's sibling stands alone");
        assert.deepEqual(t.cells[0]?.cpus.find(c => c.id === 5), { id: 5, online: true, socket_id: 0, die_id: 0, cluster_id: undefined, core_id: 8, siblings: [5, 37] });
        assert.deepEqual(t.cells[0]?.pages[1], { size: 2048, count: 1024 });
        assert.deepEqual(t.cells[2]?.pages[2], { size: 1048576, count: 4 });
        assert.deepEqual(t.cells[0]?.distances.map(d => d.value), [10, 11, 21, 21]);
        assert.deepEqual(cpusOfCells(t, [1]), [8, 9, 10, 11, 12, 13, 14, 15, 40, 41, 42, 43, 44, 45, 46, 47]);
        assert.deepEqual(cellsOfCpus(t, [0, 40, 63, 999]), [0, 1, 3]);
        checkInvariants(assert, t, "4 nodes");
    });

    QUnit.test("8 nodes, 256 CPUs, 2 sockets (the placement fixture)", async assert => {
        const t = parseCapabilitiesHost(await fixture("caps-8node-256cpu.xml"));
        assert.strictEqual(t.arch, "x86_64");
        assert.strictEqual(t.vendor, "AMD");
        assert.strictEqual(t.cells.length, 8);
        assert.strictEqual(t.totalCpus, 256);
        assert.deepEqual(t.onlineCpus, Array.from({ length: 256 }, (_, i) => i));
        assert.deepEqual(t.cells.map(c => c.cpus.length), [32, 32, 32, 32, 32, 32, 32, 32]);
        assert.deepEqual([...new Set(t.cells.flatMap(c => c.cpus.map(cpu => cpu.socket_id)))], [0, 1]);
        assert.deepEqual(t.cells[0]?.cpus.find(c => c.id === 128)?.siblings, [0, 128]);
        assert.strictEqual(sum(t.cells.map(c => c.memory)), 528039892);
        assert.deepEqual(t.cells[7]?.distances.map(d => d.value), [32, 32, 32, 32, 12, 12, 12, 10]);
        const map = cellOfCpu(t);
        assert.strictEqual(map.size, 256);
        assert.strictEqual(map.get(255), 7);
        assert.strictEqual(map.get(16), 1);
        checkInvariants(assert, t, "8 nodes");
    });

    QUnit.test("libvirt's own output with cluster_id (vircaps2xml style) and no <topology>", assert => {
        const clusters = `<capabilities><host><cpu><arch>aarch64</arch></cpu><topology><cells num='1'>
            <cell id='0'><memory unit='KiB'>1048576</memory><cpus num='2'>
              <cpu id='1' socket_id='36' die_id='0' cluster_id='1' core_id='0' siblings='0-1'/>
              <cpu id='0' socket_id='36' die_id='0' cluster_id='1' core_id='0' siblings='0-1'/>
            </cpus></cell></cells></topology></host></capabilities>`;
        const t = parseCapabilitiesHost(clusters);
        assert.deepEqual(t.cells[0]?.cpus.map(c => [c.id, c.cluster_id]), [[0, 1], [1, 1]], "sorted by id");
        assert.deepEqual(t.cells[0]?.pages, []);
        assert.strictEqual(t.cpuTopology, undefined);

        // libvirt omits <memory> when it reads 0 and <cpus> when the node has none (a CXL memory node)
        const cpuless = parseCapabilitiesHost(`<capabilities><host><topology><cells num='2'>
            <cell id='0'><memory unit='KiB'>1024</memory><cpus num='1'><cpu id='0' socket_id='0' die_id='0' core_id='0' siblings='0'/></cpus></cell>
            <cell id='1'><memory unit='KiB'>67108864</memory></cell>
            <cell id='2'><cpus num='1'><cpu id='1' socket_id='0' die_id='0' core_id='1' siblings='1'/></cpus></cell>
            </cells></topology></host></capabilities>`);
        assert.deepEqual(cpuless.cells.map(c => [c.id, c.memory, c.cpus.length]), [[0, 1024, 1], [1, 67108864, 0], [2, 0, 1]]);

        const bare = parseCapabilitiesHost(`<capabilities><host><cpu><arch>s390x</arch>
            <topology sockets='2' dies='1' cores='4' threads='2'/></cpu></host><guest/></capabilities>`);
        assert.deepEqual(bare.cells, []);
        assert.strictEqual(bare.totalCpus, 16, "from the CPU topology when there are no cells");
        assert.strictEqual(parseCapabilitiesHost("<capabilities><host/></capabilities>").totalCpus, 0);

        const mib = parseCapabilitiesHost(`<capabilities><host><topology><cells num='1'><cell id='0'>
            <memory unit='MiB'>2</memory><pages unit='MiB' size='2'>3</pages></cell></cells></topology></host></capabilities>`);
        assert.strictEqual(mib.cells[0]?.memory, 2048, "units other than KiB are converted");
        assert.deepEqual(mib.cells[0]?.pages, [{ size: 2048, count: 3 }]);
    });

    QUnit.test("only direct children count", assert => {
        // a <cell> or <cpu> elsewhere (e.g. in <guest>) must not leak into the host topology
        const t = parseCapabilitiesHost(`<capabilities><host><topology><cells num='1'><cell id='0'><cpus num='1'>
            <cpu id='0' socket_id='0' core_id='0' siblings='0'/></cpus></cell></cells></topology></host>
            <guest><cells><cell id='9'><cpus><cpu id='9'/></cpus></cell></cells></guest></capabilities>`);
        assert.strictEqual(t.cells.length, 1);
        assert.strictEqual(t.totalCpus, 1);
    });

    QUnit.test("bad input throws clear Errors", assert => {
        const cases: [string, RegExp][] = [
            ["", /not valid XML/],
            ["<capabilities><host>", /not valid XML/],
            ["not xml at all", /not valid XML/],
            ["<domain/>", /Expected libvirt capabilities XML, found <domain>/],
            ["<capabilities/>", /no <host>/],
            ["<capabilities><host><topology><cells><cell id='x'/></cells></topology></host></capabilities>", /cell id is not a number: "x"/],
            ["<capabilities><host><topology><cells><cell id='0'><memory unit='KiB'>-5</memory></cell></cells></topology></host></capabilities>", /memory of cell 0 is not a number/],
            ["<capabilities><host><topology><cells><cell id='0'><memory unit='parsec'>5</memory></cell></cells></topology></host></capabilities>", /Unknown unit "parsec"/],
            ["<capabilities><host><topology><cells><cell id='0'><cpus><cpu id='0' siblings='0-'/></cpus></cell></cells></topology></host></capabilities>", /"0-"/],
            ["<capabilities><host><topology><cells><cell id='0'><cpus><cpu id='0' core_id='a'/></cpus></cell></cells></topology></host></capabilities>", /CPU 0 is not a number: "a"/],
        ];
        for (const [xml, re] of cases) {
            let message = "accepted";
            try {
                parseCapabilitiesHost(xml);
            } catch (e) {
                message = e instanceof Error ? e.message : "non-Error thrown";
            }
            assert.true(re.test(message), `${xml.slice(0, 60)}: ${message}`);
        }
    });
});

QUnit.module("host: numactl --hardware", () => {
    QUnit.test("this machine", async assert => {
        const h = parseNumactlHardware(await fixture("numactl-local.txt"));
        assert.true(h.available);
        assert.deepEqual(h.nodes.map(n => ({ ...n, memory: undefined, free: undefined })),
                         [{ id: 0, cpus: [0, 1], memory: undefined, free: undefined, distances: [{ id: 0, value: 10 }] }]);
        assert.true((h.nodes[0]?.memory ?? 0) > 0 && (h.nodes[0]?.memory ?? 0) % 1024 === 0, "MB (MiB) in KiB");
        assert.true((h.nodes[0]?.free ?? Infinity) <= (h.nodes[0]?.memory ?? 0));
    });

    QUnit.test("multi-node fixtures agree with their capabilities", async assert => {
        for (const name of ["4node-64cpu", "8node-256cpu"]) {
            const h = parseNumactlHardware(await fixture(`numactl-${name}.txt`));
            const t = parseCapabilitiesHost(await fixture(`caps-${name}.xml`));
            assert.deepEqual(h.nodes.map(n => n.id), t.cells.map(c => c.id), name);
            assert.deepEqual(h.nodes.map(n => n.cpus), t.cells.map(c => c.cpus.filter(cpu => cpu.online).map(cpu => cpu.id)), `${name}: online CPUs`);
            assert.deepEqual(h.nodes.map(n => n.distances), t.cells.map(c => c.distances), `${name}: distances`);
            assert.deepEqual(h.nodes.map(n => n.memory), t.cells.map(c => Math.floor(c.memory / 1024) * 1024), `${name}: memory`);
        }
        const h = parseNumactlHardware(await fixture("numactl-4node-64cpu.txt"));
        assert.deepEqual(h.nodes[0], {
            id: 0, cpus: [0, 1, 2, 3, 4, 5, 6, 7, 32, 33, 34, 35, 36, 37, 38, 39], memory: 31821 * 1024, free: 26468 * 1024,
            distances: [{ id: 0, value: 10 }, { id: 1, value: 11 }, { id: 2, value: 21 }, { id: 3, value: 21 }],
        });
    });

    QUnit.test("a CPU-less (CXL memory) node, and no NUMA at all", async assert => {
        const h = parseNumactlHardware(await fixture("numactl-cxl-cpuless.txt"));
        assert.deepEqual(h.nodes.map(n => n.cpus.length), [8, 8, 0]);
        assert.strictEqual(h.nodes[2]?.memory, 65536 * 1024);
        assert.deepEqual(h.nodes[2]?.distances.map(d => d.value), [24, 14, 10]);
        assert.deepEqual(parseNumactlHardware(await fixture("numactl-no-numa.txt")), { available: false, nodes: [] });
    });

    QUnit.test("sparse node ids, no distance information", assert => {
        const h = parseNumactlHardware([
            "available: 2 nodes (0,8)", "node 0 cpus: 0 1", "node 0 size: 100 MB", "node 0 free: 50 MB",
            "node 8 cpus: 2 3", "node 8 size: 200 MB", "node 8 free: 150 MB", "No distance information available.", "",
        ].join("\n"));
        assert.deepEqual(h.nodes.map(n => [n.id, n.cpus, n.memory, n.distances]),
                         [[0, [0, 1], 102400, []], [8, [2, 3], 204800, []]]);
    });

    QUnit.test("malformed output throws clear Errors", assert => {
        const cases: [string, RegExp][] = [
            ["", /no "available:" line/],
            ["node 0 cpus: 0 1", /no "available:" line/],
            ["available: 2 nodes (0-2)", /2 nodes announced, 3 listed/],
            ["available: 1 nodes (0)\nnode 0 cpus: 0 x", /line 2: "node 0 cpus: 0 x"/],
            ["available: 1 nodes (0)\nnode 0 size: 12 GB", /line 2/],
            ["available: 1 nodes (0)\nnode 1 cpus: 0", /node 1 is not among the available nodes/],
            ["available: 1 nodes (0)\nnode distances:\n  0:  10", /line 3: a distance row before the header/],
            ["available: 2 nodes (0-1)\nnode distances:\nnode   0   1\n  0:  10", /line 4: 1 distances for 2 nodes/],
            ["available: 1 nodes (0-)", /line 1: "0-"/],
            ["<html>502 Bad Gateway</html>", /line 1/],
        ];
        for (const [text, re] of cases) {
            let message = "accepted";
            try {
                parseNumactlHardware(text);
            } catch (e) {
                message = e instanceof Error ? e.message : "non-Error thrown";
            }
            assert.true(re.test(message), `${JSON.stringify(text.slice(0, 40))}: ${message}`);
        }
    });
});

QUnit.module("host: cgroups", () => {
    QUnit.test("cgroupVersion from mountinfo and mounts", async assert => {
        assert.strictEqual(cgroupVersion(await fixture("mountinfo-local-hybrid.txt")), 1, "this machine: hybrid, cpu on v1");
        assert.strictEqual(cgroupVersion(await fixture("mounts-local-hybrid.txt")), 1, "same, from /proc/mounts");
        assert.strictEqual(cgroupVersion(await fixture("mountinfo-fedora-v2.txt")), 2, "Fedora/RHEL 9: unified");
        assert.strictEqual(cgroupVersion(await fixture("mounts-rhel7-v1.txt")), 1, "RHEL 7: v1 with cpu,cpuacct");
        assert.strictEqual(cgroupVersion("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\ncgroup /sys/fs/cgroup/systemd cgroup rw,name=systemd 0 0"), 2,
                           "a v1 named hierarchy without controllers does not make it v1");
        assert.strictEqual(cgroupVersion("cgroup /sys/fs/cgroup/cpuset cgroup rw,cpuset 0 0"), 1);
        assert.throws(() => cgroupVersion("proc /proc proc rw 0 0\n"), /No cgroup filesystem/);
        assert.throws(() => cgroupVersion(""), /No cgroup filesystem/);
    });
});
