// usePerfSamples mounted in a real page on the stack (real cockpit.js, libvirt-dbus, cockpit-bridge):
// it reads every 3 s while mounted and visible, nothing while hidden, nothing after unmount, and its
// readings turn into rates and a series. GetStats calls are counted on the inventory's own connection.
import "./harness.ts";
import QUnit from "qunit";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { openInventory } from "../../src/libvirt/inventory.ts";
import type { Inventory } from "../../src/libvirt/inventory.ts";
import { InventoryContext } from "../../src/ui/useInventory.ts";
import { usePerfSamples } from "../../src/ui/vm/perf/usePerfSamples.ts";
import type { PerfSamples } from "../../src/ui/vm/perf/usePerfSamples.ts";
import type { Vm } from "../../src/model/vm/vm.ts";

const VM = "vmtune-test-plain";
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeout: number): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!condition() && Date.now() < deadline)
        await sleep(50);
}

function ready(inventory: Inventory): Promise<Vm> {
    return new Promise((resolve, reject) => {
        const check = () => {
            const state = inventory.getState();
            const vm = state.domains.find(d => d.name === VM);
            if (state.status.kind === "ready" && vm) resolve(vm);
            else if (state.status.kind === "failed") reject(new Error("inventory failed"));
        };
        inventory.subscribe(check);
        check();
    });
}

/** Makes the page look hidden (or visible again) to the hook, as the browser does when the tab is left. */
function setHidden(hidden: boolean): void {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => hidden ? "hidden" : "visible" });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
}

QUnit.module("usePerfSamples on the real stack", () => {
    QUnit.test("polls while mounted and visible, stops when hidden or unmounted", async assert => {
        const inventory = openInventory();
        const vm = await ready(inventory);
        let getStats = 0;
        const domain = inventory.libvirt.domain;
        Object.assign(inventory.libvirt, {
            domain: (path: string, method: string, signature: string, args: unknown[]) => {
                if (method === "GetStats") getStats++;
                return domain(path, method, signature, args);
            },
        });
        let seen: PerfSamples = { series: [], samples: 0 };
        const Probe = () => {
            seen = usePerfSamples(vm);
            return null;
        };
        const element = document.createElement("div");
        document.body.append(element);
        const root = createRoot(element);
        try {
            const mounted = Date.now();
            root.render(createElement(InventoryContext.Provider, { value: inventory }, createElement(Probe)));
            // a loaded host makes each read slower, never the period shorter: wait for the third reading
            await until(() => seen.samples >= 3, 20000);
            const elapsed = Date.now() - mounted;
            assert.strictEqual(seen.samples, 3, "three readings");
            assert.true(elapsed >= 2 * 3000, `the first at once, then one each 3 s after the last ended (${elapsed} ms)`);
            assert.strictEqual(getStats, seen.samples, "one GetStats per reading");
            assert.strictEqual(seen.error, undefined, "no error");
            assert.deepEqual(seen.latest?.errors, undefined, "every host part read");
            assert.strictEqual(seen.latest?.domain.name, VM);
            assert.deepEqual(seen.latest?.groups.map(g => g.group), ["", "vcpu0", "emulator"], "the VM's group and libvirt's sub-groups");
            assert.true((seen.latest?.threads ?? []).some(t => /^CPU 0\//.test(t.name)), "the vCPU thread");
            assert.true(Object.keys(seen.latest?.numa?.kibByNode ?? {}).length > 0, "memory placement (also on readings that skip numa_maps)");
            assert.strictEqual(seen.series.length, seen.samples - 1, "a rate between each two readings");
            const used = seen.rates?.vcpus[0]?.usedPct;
            assert.true(used !== undefined && used >= 0 && used <= 105, `vCPU 0 used ${used} %`);
            assert.strictEqual(seen.rates?.groups.length, 3, "throttling rates for each group");

            setHidden(true);
            const hiddenAt = getStats;
            await sleep(7000);
            assert.true(getStats - hiddenAt <= 1, `hidden: at most the read already under way (${getStats - hiddenAt})`);
            const frozen = getStats;
            await sleep(3500);
            assert.strictEqual(getStats, frozen, "hidden: nothing read");

            setHidden(false);
            await until(() => getStats > frozen, 2500);
            assert.strictEqual(getStats, frozen + 1, "visible again: read at once");

            root.unmount();
            const unmountedAt = getStats;
            await sleep(7000);
            assert.true(getStats - unmountedAt <= 1, `unmounted: nothing read after (${getStats - unmountedAt})`);
        } finally {
            root.unmount();
            element.remove();
            setHidden(false);
            inventory.close();
        }
    });
});
