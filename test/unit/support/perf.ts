// Readings for the perf tests: host text fixtures (read at run time, like host.test.ts) and a builder
// of PerfSample values that states only what a test is about.
import type { DomainCounters, GroupCounters, PerfSample, ThreadCpu, VcpuCounters } from "../../../src/model/perf/types.ts";

interface Fs { readFile(path: URL, encoding: "utf8"): Promise<string> }
const fsModule = "node:fs/promises";

/** test/unit/fixtures/host/perf/NAME, as captured on the test stack's host (see the test for how). */
export async function perfFixture(name: string): Promise<string> {
    const fs = await import(fsModule) as Fs;
    return fs.readFile(new URL(`../fixtures/host/perf/${name}`, import.meta.url), "utf8");
}

export interface SampleSpec {
    at: number;
    pid?: number | undefined;
    cpuTimeNs?: number;
    vcpus?: VcpuCounters[];
    groups?: GroupCounters[];
    threads?: ThreadCpu[];
}

export function sample(spec: SampleSpec): PerfSample {
    const domain: DomainCounters = { name: "vm", cpuTimeNs: spec.cpuTimeNs, vcpus: spec.vcpus ?? [] };
    return { at: spec.at, pid: spec.pid, domain, groups: spec.groups ?? [], threads: spec.threads };
}

export function group(name: string, periods: number, throttledPeriods: number, throttledUsec: number, pressureTotal?: number): GroupCounters {
    return {
        group: name,
        cpu: { periods, throttledPeriods, throttledUsec },
        pressure: pressureTotal === undefined ? undefined
            : { some: { avg10: 1.5, avg60: 1, avg300: 0.5, totalUsec: pressureTotal } },
    };
}
