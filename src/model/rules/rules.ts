// Validation rules, one pure function per rule, each returning Finding[] ({field, severity, message})
// that says what is wrong and what to do. Split by area; this module is the room's entry point: the UI
// and the tests import rules from here, the model's own files import the area file they need.
//   rules-fields.ts  raw text -> value or Finding (integers, scheduler ranges, sizes)
//   rules-driver.ts  RuleContext; what QEMU system/session, LXC and test connections support
//   rules-cpu.ts     scheduler, pinning, vCPU counts, topology, hotplug steps
//   rules-memory.ts  current/maximum memory, memtune, DIMM hotplug
//   rules-numa.ts    guest cells, sockets per cell, numatune live rules
//   rules-virtiomem.ts  virtio-mem attach, live resize, detach
//   rules-backing.ts <memoryBacking>: hugepages against the host's pools, locked, source and access
//   rules-balloon.ts the balloon's policy (autodeflate, free page reporting)
//   rules-cpumodel.ts <cpu> mode, model, features and cache: libvirt's own refusals and the host's domain capabilities
//   rules-sched.ts   thread scheduling (vcpusched, iothreadsched, emulatorsched) and real-time needs
export * from "./rules-fields.ts";
export * from "./rules-driver.ts";
export * from "./rules-cpu.ts";
export * from "./rules-memory.ts";
export * from "./rules-numa.ts";
export * from "./rules-virtiomem.ts";
export * from "./rules-backing.ts";
export * from "./rules-balloon.ts";
export * from "./rules-cpumodel.ts";
export * from "./rules-sched.ts";

import type { Finding } from "../types.ts";

export function hasErrors(findings: readonly Finding[]): boolean {
    return findings.some(f => f.severity === "error");
}

/** The findings for one field (UI field id) and the fields below it ("cell.0" takes "cell.0.cpus"), errors first. */
export function findingsUnderField(findings: readonly Finding[], field: string): Finding[] {
    return findings.filter(f => f.field === field || f.field.startsWith(field + "."))
        .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}
