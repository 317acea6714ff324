// Each QEMU thread's policy now, from /proc/PID/task/TID/stat (lines as grep -H prints them, the tail
// as this machine's kernel writes it).
import QUnit from "qunit";
import { liveSchedByThread, livePolicyText, parseTaskSched } from "../../src/model/host/task-sched.ts";

// fields 3 to 52 of a real stat line; rt_priority (40) and policy (41) set per line
function line(tid: number, name: string, priority: number, policy: number): string {
    const tail = "S 1 22027 22027 0 -1 138412416 8669 0 2 0 36 54 0 0 20 0 4 0 2554651 1657253888 57142 18446744073709551615 94088656809984 " +
        "94088662670421 140729634096832 0 0 0 268444224 4096 16451 1 0 0 17 1 PRIO POLICY 0 0 0 94088665782520 94088670986672 94089048563712 " +
        "140729634105522 140729634106881 140729634106881 140729634107356 0";
    return `/proc/22028/task/${tid}/stat:${tid} (${name}) ${tail.replace("PRIO", String(priority)).replace("POLICY", String(policy))}`;
}

QUnit.module("thread policies from /proc", () => {
    QUnit.test("policy and priority after the command name, whatever it holds", assert => {
        const out = [line(22028, "qemu-system-x86", 0, 0), line(22040, "CPU 1/TCG", 1, 1), line(22039, "CPU 0/TCG", 0, 3),
            line(22050, "IO iothread1", 5, 2), line(22051, "odd) (name", 0, 5), line(22052, "x", 0, 7), "garbage", ""].join("\n");
        const tasks = parseTaskSched(out);
        assert.deepEqual(tasks.map(t => [t.tid, t.name, t.policy, t.priority]), [
            [22028, "qemu-system-x86", "other", 0], [22039, "CPU 0/TCG", "batch", 0], [22040, "CPU 1/TCG", "fifo", 1],
            [22050, "IO iothread1", "rr", 5], [22051, "odd) (name", "idle", 0], [22052, "x", undefined, 0],
        ]);
        const byThread = liveSchedByThread(tasks, 22028);
        assert.deepEqual([...byThread.keys()].sort(), ["emulator", "iothread-1", "vcpu-0", "vcpu-1"], "the main thread is the emulator's");
        const text = (key: string) => {
            const t = byThread.get(key);
            return t === undefined ? `no ${key}` : livePolicyText(t);
        };
        assert.strictEqual(text("vcpu-1"), "fifo, priority 1");
        assert.strictEqual(text("emulator"), "normal (other)");
        assert.strictEqual(text("vcpu-0"), "batch");
        assert.strictEqual(livePolicyText({ tid: 1, name: "x", policy: undefined, priority: 0 }), "unknown");
    });
});
