// Bad input: thousands of generated texts through every numeric, size and cpuset field's rules, then
// through the planner the way the UI does it (validate → only without errors → plan). No exception may
// escape, nothing a rule refuses may become a step, and every step carries exactly what was accepted.
import QUnit from "qunit";
import fc from "fast-check";
import { assertProperty as assertPropertyWith, expect } from "./support/property.ts";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RuleContext } from "../../src/model/rules/rules.ts";
import {
    SHARES_RANGE, PERIOD_MAX, PERIOD_MIN, QUOTA_MAX, QUOTA_MIN, checkNodeset, checkSchedulerValues, hasErrors,
    parseIntegerField, parseSizeField, validateMemory, validateMemtune, validatePinning, validateScheduler, validateVcpus,
} from "../../src/model/rules/rules.ts";
import { plan } from "../../src/model/plan/plan.ts";
import type { DesiredTuning } from "../../src/model/plan/plan-types.ts";
import { mapToCpus, parseCpuset } from "../../src/model/values/cpuset.ts";
import { parseNumactlHardware } from "../../src/model/host/numactl.ts";
import { readTuning } from "../../src/model/domain/domain-xml.ts";
import { MEMTUNE_UNLIMITED, SCHEDULER_KEYS } from "../../src/model/types.ts";
import type { Plan, SchedulerKey, Scope, Step } from "../../src/model/types.ts";
import { NUMA_XML, tuningOf } from "./support/tuning-fixture.ts";

const RUNS = 2000;
const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = [path.resolve(process.cwd(), "test/unit/fixtures"), path.resolve(here, "../../test/unit/fixtures")]
    .find(d => existsSync(d)) ?? "test/unit/fixtures";
const HOST_CPUS = 16;
const config = tuningOf(NUMA_XML);
const live = tuningOf(NUMA_XML);
const ctx: RuleContext = { driver: "qemu", session: false, running: true, hostCpus: HOST_CPUS, hostNodes: [0, 1], cgroup: "v1" };
const scopes: Scope[] = ["live", "config", "both"];

function planWith(desired: DesiredTuning, scope: Scope): Plan {
    return plan({ name: "vm1", uuid: config.uuid, running: true, live, config, inactiveXml: NUMA_XML, hostCpus: HOST_CPUS, scope, desired });
}

// ---- generated texts: what a user may type or paste -------------------------------------------
const numberish = fc.oneof(
    fc.integer().map(String),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.double().map(String),
    fc.nat(300000).map(String),
    fc.constantFrom("", " ", "0", "-0", "+7", "-1", "1e9", "0x10", "1.5", "٣", "１２", "unlimited", "Infinity", "NaN",
                    "9007199254740993", "17592186044416", "262145", "1 000", "\u00a05"),
);
const sizeish = fc.oneof(
    numberish,
    fc.tuple(fc.oneof(fc.nat(1 << 30).map(String), fc.double({ min: 0, max: 1e12, noNaN: true }).map(String)),
             fc.constantFrom("", " ", "b", "k", "KiB", "KB", "m", "MiB", "MB", "G", "GiB", "T", "TiB", "P", "E", "EiB", "x", "mib "))
        .map(([n, u]) => n + u),
);
const cpusetToken = fc.constantFrom("0", "1", "3", "15", "16", "255", "16383", "16384", "99999999999", "007",
                                    "-", "^", ",", " ", "\t", "+", "--", "\u3000", "a");
const cpusetish = fc.oneof(
    fc.array(cpusetToken, { maxLength: 12 }).map(t => t.join("")),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 12 }),
);
const anyText = fc.oneof(numberish, fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 }));

function assertProperty<T>(assert: Assert, arb: fc.Arbitrary<T>, check: (value: T) => void): void {
    assertPropertyWith(assert, arb, check, { runs: RUNS, seed: 8 });
}

function stepsOf(p: Plan, command: Step["command"]): Step[] {
    return p.steps.filter(s => s.command === command);
}


QUnit.module("fuzz: field parsers", () => {
    QUnit.test("integers: never throw; accepted values are safe integers within the bounds", assert => {
        assertProperty(assert, fc.tuple(anyText, fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 300000 })), ([text, min, max]) => {
            const r = parseIntegerField("f", text, { min, max });
            if (r.ok && r.value !== undefined) {
                expect(Number.isSafeInteger(r.value) && r.value >= min && r.value <= max, `accepted ${r.value}`);
                expect(/^\s*[+-]?[0-9]+\s*$/.test(text), `accepted non-digits ${JSON.stringify(text)}`);
            }
            if (!r.ok) expect(r.finding.severity === "error" && r.finding.message.length > 0, "error without a message");
        });
    });

    QUnit.test("sizes: never throw; accepted values are whole KiB ≥ 0 or unlimited", assert => {
        assertProperty(assert, fc.tuple(sizeish, fc.boolean()), ([text, unlimited]) => {
            const r = parseSizeField("f", text, { unlimited });
            if (r.ok && r.value !== undefined)
                expect((Number.isSafeInteger(r.value) && r.value >= 0) || (unlimited && r.value === MEMTUNE_UNLIMITED), `accepted ${r.value}`);
        });
    });

    QUnit.test("cpusets: parse or refuse with a message, never anything else", assert => {
        assertProperty(assert, cpusetish, text => {
            let cpus: number[] | undefined;
            try {
                cpus = parseCpuset(text, HOST_CPUS);
            } catch (e) {
                expect(e instanceof Error && e.message.length > 0, "a refusal without a message");
            }
            if (cpus) expect(cpus.every((c, i) => Number.isInteger(c) && c >= 0 && c < HOST_CPUS && (i === 0 || c > (cpus?.[i - 1] ?? -1))),
                             `parsed ${JSON.stringify(cpus)}`);
        });
    });
});

QUnit.module("fuzz: rules, then plan", () => {
    QUnit.test("scheduler: accepted values plan to in-range schedinfo steps; refused ones never plan", assert => {
        const key = fc.constantFrom<SchedulerKey>(...SCHEDULER_KEYS);
        assertProperty(assert, fc.tuple(key, numberish, fc.constantFrom(...scopes)), ([k, text, scope]) => {
            const { values, findings } = validateScheduler({ [k]: text }, ctx, scope);
            if (hasErrors(findings)) {
                expect(values[k] === undefined, `refused ${k}=${JSON.stringify(text)} but kept value ${values[k]}`);
                const refused = planWith({ scheduler: values }, scope);
                expect(stepsOf(refused, "schedinfo").length === 0, `refused ${k}=${JSON.stringify(text)} planned ${refused.steps.map(s => s.virsh).join("; ")}`);
                return;
            }
            const v = values[k];
            expect(v !== undefined && Number.isSafeInteger(v), `accepted ${k}=${JSON.stringify(text)} as ${v}`);
            expect(checkSchedulerValues(values, "v1").length === 0, `accepted out-of-range ${k}=${v}`);
            if (k === "shares") expect(v !== undefined && v >= SHARES_RANGE.v1.min && v <= SHARES_RANGE.v1.max, `shares ${v}`);
            if (k.endsWith("period")) expect(v === 0 || (v !== undefined && v >= PERIOD_MIN && v <= PERIOD_MAX), `${k} ${v}`);
            if (k.endsWith("quota")) expect(v !== undefined && v <= QUOTA_MAX && (v <= 0 || v >= QUOTA_MIN), `${k} ${v}`);
            const p = planWith({ scheduler: values }, scope);
            for (const s of stepsOf(p, "schedinfo"))
                expect(s.virsh.includes(String(v)) || s.virsh.includes("unlimited") || !s.virsh.includes(k), `step ${s.virsh} for ${k}=${v}`);
        });
    });

    QUnit.test("scheduler: the planner itself never plans a value that is not a whole number", assert => {
        // ranges depend on the host's cgroup version: the rules own them; a fraction, NaN or ±∞ can never be sent
        const value = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53, 0.5));
        assertProperty(assert, fc.tuple(fc.constantFrom<SchedulerKey>(...SCHEDULER_KEYS), value, fc.constantFrom(...scopes)), ([k, v, scope]) => {
            const p = planWith({ scheduler: { [k]: v } }, scope);
            if (!Number.isSafeInteger(v)) {
                expect(stepsOf(p, "schedinfo").length === 0, `planned ${k}=${v}: ${p.steps.map(s => s.virsh).join("; ")}`);
                expect(p.refusals.some(r => r.field === k), `no refusal for ${k}=${v}`);
            }
        });
    });

    QUnit.test("vCPU pins: accepted cpusets plan to exactly that cpumap; refused ones never plan", assert => {
        assertProperty(assert, fc.tuple(cpusetish, fc.constantFrom(...scopes)), ([text, scope]) => {
            const pins = { vcpupin: [{ id: 1, cpuset: text }] };
            const findings = validatePinning(pins, { maxVcpus: 4, iothreadIds: [] }, ctx, scope);
            if (hasErrors(findings)) {
                const refused = planWith(pins, scope);
                expect(stepsOf(refused, "vcpupin").length === 0, `refused ${JSON.stringify(text)} planned ${refused.steps.map(s => s.virsh).join("; ")}`);
                expect(refused.refusals.length > 0, `refused ${JSON.stringify(text)}, but the planner gave no reason`);
                return;
            }
            const cpus = parseCpuset(text, HOST_CPUS);
            expect(cpus.length > 0, `accepted an empty pin ${JSON.stringify(text)}`);
            const p = planWith(pins, scope);
            for (const s of stepsOf(p, "vcpupin")) {
                const map = s.call.args.find(Array.isArray) as boolean[] | undefined;
                expect(map !== undefined && map.length === HOST_CPUS, `cpumap of ${s.virsh}`);
                expect(JSON.stringify(mapToCpus(map ?? [])) === JSON.stringify(cpus), `${s.virsh} for ${JSON.stringify(text)}`);
            }
        });
    });

    QUnit.test("vCPU pins: the planner refuses, never throws, for any cpuset text", assert => {
        assertProperty(assert, fc.tuple(cpusetish, fc.constantFrom(...scopes)), ([text, scope]) => {
            const p = planWith({ vcpupin: [{ id: 0, cpuset: text }], emulatorpin: text }, scope);
            let valid = true;
            try { valid = parseCpuset(text, HOST_CPUS).length > 0 } catch { valid = false }
            if (!valid)
                expect(stepsOf(p, "vcpupin").length + stepsOf(p, "emulatorpin").length === 0,
                       `planned ${JSON.stringify(text)}: ${p.steps.map(s => s.virsh).join("; ")}`);
        });
    });

    QUnit.test("vCPU counts: accepted counts are 1…maximum; refused ones never plan", assert => {
        assertProperty(assert, fc.tuple(numberish, numberish, fc.constantFrom(...scopes)), ([current, max, scope]) => {
            const { values, findings } = validateVcpus({ current, max }, { current: 2, max: 4 }, ctx, scope);
            if (hasErrors(findings)) {
                // a field refused for its text never reaches the values the UI would plan from
                for (const f of findings.filter(x => x.severity === "error")) {
                    if (f.field === "vcpu.current" && parseIntegerField("c", current, { required: true, min: 1, max: 16384 }).ok === false)
                        expect(values.current === undefined, `refused current ${JSON.stringify(current)} kept as ${values.current}`);
                    if (f.field === "vcpu.max" && parseIntegerField("m", max, { required: true, min: 1, max: 16384 }).ok === false)
                        expect(values.max === undefined, `refused max ${JSON.stringify(max)} kept as ${values.max}`);
                }
                return;
            }
            const c = values.current ?? 2, m = values.max ?? 4;
            expect(Number.isSafeInteger(c) && Number.isSafeInteger(m) && c >= 1 && c <= m, `accepted ${c}/${m}`);
            const p = planWith({ vcpus: values }, scope);
            for (const s of stepsOf(p, "setvcpus")) {
                const n = Number(/ (\d+)(?: |$)/.exec(s.virsh.replace(/^virsh setvcpus \S+/, ""))?.[1]);
                expect(n === c || n === m, `${s.virsh} for ${c}/${m}`);
            }
        });
    });

    QUnit.test("memory: accepted sizes are whole KiB within the maximum; refused ones never plan", assert => {
        assertProperty(assert, fc.tuple(sizeish, fc.constantFrom(...scopes)), ([text, scope]) => {
            const { values, findings } = validateMemory({ current: text }, config, ctx, scope, live);
            if (hasErrors(findings)) {
                const refused = planWith({ memory: values }, scope);
                if (values.current === undefined)
                    expect(stepsOf(refused, "setmem").length === 0, `refused ${JSON.stringify(text)} planned ${refused.steps.map(s => s.virsh).join("; ")}`);
                return;
            }
            const v = values.current;
            expect(v !== undefined && Number.isSafeInteger(v) && v >= 1 && v <= config.memory, `accepted ${JSON.stringify(text)} as ${v}`);
            const p = planWith({ memory: values }, scope);
            for (const s of stepsOf(p, "setmem"))
                expect(s.call.args.includes(v), `${s.virsh} for ${JSON.stringify(text)} = ${v} KiB`);
        });
    });

    QUnit.test("memtune: accepted limits are whole KiB or unlimited, ordered; the plan carries them", assert => {
        const key = fc.constantFrom("hard_limit", "soft_limit", "swap_hard_limit") as fc.Arbitrary<"hard_limit" | "soft_limit" | "swap_hard_limit">;
        assertProperty(assert, fc.tuple(key, sizeish, fc.constantFrom(...scopes)), ([k, text, scope]) => {
            const { values, findings } = validateMemtune({ [k]: text }, config.memtune, ctx, scope, config.memory);
            if (hasErrors(findings)) {
                const refused = planWith({ memtune: { [k]: values[k] } }, scope);
                if (values[k] === config.memtune[k])
                    expect(stepsOf(refused, "memtune").length === 0, `refused ${JSON.stringify(text)} planned ${refused.steps.map(s => s.virsh).join("; ")}`);
                return;
            }
            const v = values[k];
            expect(v !== undefined && (v === MEMTUNE_UNLIMITED || (Number.isSafeInteger(v) && v >= 0)), `accepted ${JSON.stringify(text)} as ${v}`);
            const p = planWith({ memtune: { [k]: v } }, scope);
            expect(p.refusals.length === 0, `accepted ${k}=${v} but the planner refuses: ${p.refusals.map(r => r.message).join("; ")}`);
            const sent = stepsOf(p, "memtune").map(s => (s.call.args[0] as Record<string, { v: unknown } | undefined>)[k]?.v)
                .filter(x => x !== undefined);
            expect(sent.every(x => x === v), `${k}=${v} sent as ${JSON.stringify(sent)}`);
            const unchanged = v === (config.memtune[k] ?? MEMTUNE_UNLIMITED);
            // "both" may be one step with --live --config, or one per side
            expect(unchanged ? sent.length === 0 : sent.length >= 1 && sent.length <= (scope === "both" ? 2 : 1),
                   `${k}=${v} (${scope}) planned ${p.steps.map(s => s.virsh).join("; ") || "nothing"}`);
        });
    });

    QUnit.test("numatune nodeset: only existing host nodes are accepted and planned", assert => {
        assertProperty(assert, fc.tuple(cpusetish, fc.constantFrom<Scope>("config")), ([text, scope]) => {
            if (checkNodeset("numatune.nodeset", text, ctx.hostNodes).length > 0) {
                // the planner knows no host nodes: it must refuse what is no nodeset at all
                let nodes: number[] = [];
                try { nodes = parseCpuset(text) } catch { nodes = [] }
                if (nodes.length === 0) {
                    const refused = planWith({ numatune: { mode: "strict", nodeset: text } }, scope);
                    expect(stepsOf(refused, "numatune").every(s => !s.virsh.includes("--nodeset")),
                           `refused ${JSON.stringify(text)} planned ${refused.steps.map(s => s.virsh).join("; ")}`);
                }
                return;
            }
            const nodes = parseCpuset(text);
            expect(nodes.length > 0 && nodes.every(n => ctx.hostNodes.includes(n)), `accepted nodes ${JSON.stringify(text)}`);
            planWith({ numatune: { mode: "strict", nodeset: text } }, scope);
        });
    });
});

// ---- bad outputs: what the host or libvirt might hand back ---------------------------------------
const NUMACTL = readFileSync(path.join(FIXTURES, "host/numactl-4node-64cpu.txt"), "utf8");

/** A real text, mangled: lines dropped, duplicated, cut or replaced by generated garbage. */
function mangled(text: string): fc.Arbitrary<string> {
    const lines = text.split("\n");
    const edit = fc.record({
        at: fc.nat(lines.length - 1),
        kind: fc.constantFrom("drop", "dup", "cut", "garbage", "swap-digits"),
        garbage: fc.string({ maxLength: 30 }),
        cut: fc.nat(60),
    });
    return fc.array(edit, { minLength: 1, maxLength: 4 }).map(edits => {
        const out = [...lines];
        for (const e of edits) {
            const i = Math.min(e.at, out.length - 1);
            const line = out[i] ?? "";
            if (e.kind === "drop") out.splice(i, 1);
            else if (e.kind === "dup") out.splice(i, 0, line);
            else if (e.kind === "cut") out[i] = line.slice(0, e.cut);
            else if (e.kind === "garbage") out[i] = e.garbage;
            else out[i] = line.replace(/\d/g, d => String((Number(d) * 7 + 3) % 10));
        }
        return out.join("\n");
    });
}

QUnit.module("fuzz: bad outputs", () => {
    QUnit.test("numactl --hardware output mangled: parsed, or one clear error naming numactl", assert => {
        assertProperty(assert, fc.oneof(mangled(NUMACTL), fc.string({ maxLength: 200 })), text => {
            try {
                const hw = parseNumactlHardware(text);
                expect(Array.isArray(hw.nodes), "nodes");
            } catch (e) {
                expect(e instanceof Error && e.constructor === Error, `not a plain Error: ${String(e)}`);
                expect(/numactl --hardware/.test((e as Error).message), `unclear: ${(e as Error).message}`);
            }
        });
    });

    QUnit.test("domain XML cut or mangled: read, or one clear error saying the XML is bad", assert => {
        const xml = fc.oneof(
            fc.nat(NUMA_XML.length).map(n => NUMA_XML.slice(0, n)),
            mangled(NUMA_XML),
            fc.string({ maxLength: 100 }),
        );
        let refused = 0;
        assertProperty(assert, xml, text => {
            try {
                readTuning(text);
            } catch (e) {
                refused++;
                expect(e instanceof Error && e.constructor === Error, `not a plain Error: ${String(e)}`);
                expect(/domain XML|<domain>|XML/.test((e as Error).message), `unclear: ${(e as Error).message}`);
            }
        });
        assert.true(refused > 100, `${refused} broken documents refused with a message`);
    });
});
