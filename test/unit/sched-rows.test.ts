// The card's per-thread policies back to libvirt's lists: entries that keep their policy stay as
// written, the others are grouped by policy.
import QUnit from "qunit";
import fc from "fast-check";
import { schedChange } from "../../src/model/plan/plan-sched.ts";
import { SCHED_POLICIES } from "../../src/model/types.ts";
import { PLAIN_XML, tuningOf } from "./support/tuning-fixture.ts";
import { policyOf, schedList } from "../../src/model/view/sched-rows.ts";
import type { ThreadPolicy } from "../../src/model/view/sched-rows.ts";
import type { ThreadSched } from "../../src/model/types.ts";

const list: ThreadSched[] = [
    { scheduler: "fifo", ids: "0-1", priority: 1 },
    { scheduler: "batch", ids: "3" },
];
const ids = [0, 1, 2, 3, 4, 5];

QUnit.module("thread scheduling rows", () => {
    QUnit.test("each thread's policy from the lists", assert => {
        assert.deepEqual(policyOf(list, 1), { scheduler: "fifo", priority: 1 });
        assert.deepEqual(policyOf(list, 3), { scheduler: "batch" });
        assert.strictEqual(policyOf(list, 2), undefined);
        assert.strictEqual(policyOf([{ scheduler: "idle", ids: "x" }], 0), undefined, "an unreadable id set names nothing");
    });

    QUnit.test("unchanged: the same list; a new policy: grouped entries after the kept ones, in thread order", assert => {
        const same = (id: number) => policyOf(list, id);
        assert.deepEqual(schedList(list, ids, same), list);
        const wanted = (id: number): ThreadPolicy | undefined =>
            id === 4 || id === 5 ? { scheduler: "rr", priority: 7 } : id === 2 ? { scheduler: "idle" } : same(id);
        assert.deepEqual(schedList(list, ids, wanted), [...list, { ids: "2", scheduler: "idle" }, { ids: "4-5", scheduler: "rr", priority: 7 }]);
    });

    QUnit.test("an entry one of whose threads changes is split: the others keep the policy in a new entry", assert => {
        const wanted = (id: number): ThreadPolicy | undefined => id === 1 ? undefined : policyOf(list, id);
        assert.deepEqual(schedList(list, ids, wanted), [{ scheduler: "batch", ids: "3" }, { ids: "0", scheduler: "fifo", priority: 1 }]);
        assert.deepEqual(schedList(list, ids, () => undefined), [], "all back to the default: no entry");
    });

    QUnit.test("an unedited card plans nothing: every list of disjoint entries comes back as it is", assert => {
        // up to 16 threads, each in at most one entry, entries of any policy in any order
        const lists = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(...SCHED_POLICIES), fc.integer({ min: 1, max: 99 })),
                               { minLength: 16, maxLength: 16 })
            .map(threads => {
                const groups = new Map<number, ThreadSched>();
                threads.forEach(([group, scheduler, priority], id) => {
                    if (group === 0) return; // no policy
                    const entry = groups.get(group) ?? (scheduler === "fifo" || scheduler === "rr" ? { scheduler, ids: "", priority } : { scheduler, ids: "" });
                    entry.ids = entry.ids === "" ? String(id) : `${entry.ids},${id}`;
                    groups.set(group, entry);
                });
                return [...groups.values()];
            });
        const all = [...Array(16).keys()];
        const details = fc.check(fc.property(lists, list => {
            const config = tuningOf(PLAIN_XML);
            config.vcpu.max = 16;
            config.cputune.vcpusched = list;
            const again = schedList(list, all, id => policyOf(list, id));
            return JSON.stringify(again) === JSON.stringify(list) && schedChange({ vcpusched: again }, config) === undefined;
        }), { numRuns: 1000, seed: 16 });
        assert.false(details.failed, details.failed ? `counterexample ${JSON.stringify(details.counterexample)}` : `${details.numRuns} lists`);
    });
});
