// The benchmark case of DESIGN.md: a 256-CPU, 8-node host (captured capabilities) with a 240-vCPU VM
// pinned one vCPU per CPU across nodes 0-7, its emulator on the last CPUs, memory strict on all nodes,
// plus a small second VM sharing some sibling threads. Shared by the unit test and the bench.
import { readTuning } from "../../../src/model/domain/domain-xml.ts";
import type { PlacedVm } from "../../../src/model/placement/placement.ts";

export function bigVmXml(vcpus = 240): string {
    const pins = Array.from({ length: vcpus }, (_x, i) => `    <vcpupin vcpu='${i}' cpuset='${i}'/>`).join("\n");
    const cells = Array.from({ length: 8 }, (_x, n) =>
        `      <cell id='${n}' cpus='${n * 30}-${n * 30 + 29}' memory='4194304' unit='KiB'/>`).join("\n");
    return `<domain type='kvm'>
  <name>big</name>
  <uuid>99999999-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>33554432</memory>
  <currentMemory unit='KiB'>33554432</currentMemory>
  <vcpu placement='static'>${vcpus}</vcpu>
  <cputune>
${pins}
    <emulatorpin cpuset='250-255'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='0-7'/>
  </numatune>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <cpu mode='host-passthrough'>
    <topology sockets='8' dies='1' cores='15' threads='2'/>
    <numa>
${cells}
    </numa>
  </cpu>
  <devices/>
</domain>
`;
}

const SMALL_XML = `<domain type='kvm'>
  <name>small</name>
  <uuid>88888888-2222-3333-4444-555555555555</uuid>
  <memory unit='KiB'>2097152</memory>
  <vcpu placement='static'>4</vcpu>
  <cputune>
    <vcpupin vcpu='0' cpuset='0'/>
    <vcpupin vcpu='1' cpuset='128'/>
    <vcpupin vcpu='2' cpuset='240-241'/>
    <vcpupin vcpu='3' cpuset='240-241'/>
  </cputune>
  <numatune>
    <memory mode='strict' nodeset='1'/>
  </numatune>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices/>
</domain>
`;

export function bigVms(): PlacedVm[] {
    const big = readTuning(bigVmXml());
    const small = readTuning(SMALL_XML);
    return [
        { name: "big", running: true, live: big, config: big },
        { name: "small", running: false, config: small },
    ];
}
