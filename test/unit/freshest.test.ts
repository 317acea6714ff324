// The inventory's store of VMs by path (model/vm/freshest.ts): the read that started last wins,
// whatever order the answers come in. The interleavings below are the ones the inventory meets:
// a first load of many VMs overlapping libvirt's events, an apply's read, and undefines.
import QUnit from "qunit";
import { FreshestReads } from "../../src/model/vm/freshest.ts";

QUnit.module("freshest reads", () => {
    QUnit.test("an older read answering later does not replace a newer one", assert => {
        const store = new FreshestReads<string>();
        const load = store.ticket(); // the first load starts reading vm1
        const event = store.ticket(); // an event re-reads vm1 while the load is still waiting
        assert.true(store.put("/vm1", "after the change", event));
        assert.false(store.put("/vm1", "before the change", load), "the load's older answer is refused");
        assert.deepEqual(store.list(), ["after the change"]);
        assert.true(store.put("/vm1", "later still", store.ticket()), "a newer read replaces it");
        assert.deepEqual(store.list(), ["later still"]);
    });

    QUnit.test("the same read answering twice, or reads in order, store the last", assert => {
        const store = new FreshestReads<number>();
        const t = store.ticket();
        assert.true(store.put("/a", 1, t));
        assert.true(store.put("/a", 2, t), "equal tickets: the same read (the focused VM reused by the load)");
        assert.deepEqual(store.list(), [2]);
    });

    QUnit.test("a VM undefined after a read started does not come back with that read's answer", assert => {
        const store = new FreshestReads<string>();
        const read = store.ticket();
        store.remove("/vm1"); // the undefine event
        assert.false(store.put("/vm1", "stale", read));
        assert.false(store.has("/vm1"));
        assert.true(store.put("/vm1", "defined again", store.ticket()), "a read after the removal stores it");
        const old = store.ticket();
        store.put("/vm1", "newer", store.ticket());
        store.remove("/vm1", old);
        assert.true(store.has("/vm1"), "an older removal does not remove a newer read");
    });

    QUnit.test("a whole listing: stale rows go, rows read since the listing stay, newer reads win", assert => {
        const store = new FreshestReads<string>();
        store.put("/gone", "undefined while libvirt-dbus was away", store.ticket());
        store.put("/kept", "old", store.ticket());
        const listedAt = store.ticket();
        const readKept = store.ticket();
        const readFailed = store.ticket();
        const readNew = store.ticket();
        store.put("/defined-since", "defined after the listing", store.ticket()); // an event's read
        store.put("/new", "an apply's read", store.ticket());
        store.put("/failed", "known before", 0);
        store.replaceAll(listedAt, [
            { path: "/kept", value: "fresh", ticket: readKept },
            { path: "/failed", value: undefined, ticket: readFailed },
            { path: "/new", value: "the load's older answer", ticket: readNew },
        ]);
        assert.deepEqual(store.list().sort(), [
            "an apply's read", "defined after the listing", "fresh", "known before",
        ]);
        assert.false(store.has("/gone"));
    });
});
