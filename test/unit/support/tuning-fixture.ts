// Test helpers for rules/plan/placement: domain XMLs read through readTuning, and a synthetic host.
import { readTuning } from "../../../src/model/domain/domain-xml.ts";
import type { HostCell, HostTopology } from "../../../src/model/host/capabilities.ts";
import type { Plan, Scope, Tuning } from "../../../src/model/types.ts";
import type { DesiredTuning, PlanInput } from "../../../src/model/plan/plan-types.ts";
import { installXmldom } from "./xml-canon.ts";

installXmldom();

/** Guest NUMA (2 cells), topology 2×1×2×1, maxMemory 4 slots, 2 of 4 vCPUs, 2 GiB. */
export const NUMA_XML = `<domain type='kvm'>
  <name>vm1</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <maxMemory slots='4' unit='KiB'>8388608</maxMemory>
  <memory unit='KiB'>2097152</memory>
  <currentMemory unit='KiB'>2097152</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <cputune>
    <shares>1024</shares>
    <vcpupin vcpu='0' cpuset='0-1'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='0'/>
  </numatune>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <cpu mode='host-passthrough'>
    <topology sockets='2' dies='1' cores='2' threads='1'/>
    <numa>
      <cell id='0' cpus='0-1' memory='1048576' unit='KiB'/>
      <cell id='1' cpus='2-3' memory='1048576' unit='KiB'/>
    </numa>
  </cpu>
  <devices>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;

/** No NUMA, no topology: 1 of 2 vCPUs, 1 GiB current of 2 GiB. */
export const PLAIN_XML = `<domain type='kvm'>
  <name>plain</name>
  <uuid>66666666-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>2097152</memory>
  <currentMemory unit='KiB'>1048576</currentMemory>
  <vcpu placement='static' current='1'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;

export function tuningOf(xml: string): Tuning {
    return readTuning(xml);
}

/** A deep copy with changes applied by `edit`. */
export function variant(t: Tuning, edit: (t: Tuning) => void): Tuning {
    const copy = structuredClone(t);
    edit(copy);
    return copy;
}

/**
 * A synthetic host: `nodes` NUMA nodes of `coresPerNode` cores × `threads` threads, one socket per
 * node. CPU ids: node-major, thread siblings at id and id + nodes·coresPerNode (Linux style).
 */
export function syntheticHost(nodes: number, coresPerNode: number, threads = 2, memoryPerNode = 64 * 1024 * 1024): HostTopology {
    const cores = nodes * coresPerNode;
    const cells: HostCell[] = [];
    for (let n = 0; n < nodes; n++) {
        const cpus = [];
        for (let th = 0; th < threads; th++) {
            for (let c = 0; c < coresPerNode; c++) {
                const core = n * coresPerNode + c;
                const siblings = Array.from({ length: threads }, (_x, i) => core + i * cores);
                cpus.push({ id: core + th * cores, online: true, socket_id: n, die_id: 0, core_id: c, siblings });
            }
        }
        cpus.sort((a, b) => a.id - b.id);
        cells.push({ id: n, memory: memoryPerNode, pages: [], distances: [], cpus });
    }
    const total = cores * threads;
    return {
        pageSizes: [4],
        cells,
        totalCpus: total,
        onlineCpus: Array.from({ length: total }, (_x, i) => i),
    };
}

/** A planner input over one of the fixture XMLs; `live` adjusts the running side. */
export function planInput(xml: string, running: boolean, scope: Scope, desired: DesiredTuning, live?: (t: Tuning) => void): PlanInput {
    const config = tuningOf(xml);
    return {
        name: config.name,
        uuid: config.uuid,
        running,
        live: running ? variant(config, live ?? (() => undefined)) : undefined,
        config,
        inactiveXml: xml,
        hostCpus: 8,
        scope,
        desired,
    };
}

/** First line of each step's virsh command (define/attach carry a here-document). */
export function virshLines(p: Plan): string[] {
    return p.steps.map(s => s.virsh.split("\n")[0] ?? "");
}

/** The fields the planner refused. */
export function refusedFields(p: Plan): string[] {
    return p.refusals.map(r => r.field);
}

/** Six vCPUs listed individually, 0, 4 and 5 enabled (what `virsh setvcpu` leaves): a `<vcpus>` block. */
export const SCATTERED_VCPUS = `<vcpus>
    <vcpu id='0' enabled='yes' hotpluggable='no' order='1'/>
    <vcpu id='1' enabled='no' hotpluggable='yes'/>
    <vcpu id='2' enabled='no' hotpluggable='yes'/>
    <vcpu id='3' enabled='no' hotpluggable='yes'/>
    <vcpu id='4' enabled='yes' hotpluggable='yes' order='2'/>
    <vcpu id='5' enabled='yes' hotpluggable='yes' order='3'/>
  </vcpus>`;
