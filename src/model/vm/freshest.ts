// The inventory's VMs by path, where the read that STARTED last wins. Reads overlap: the first load
// reads a thousand VMs while libvirt's events trigger single re-reads, and an apply hands over the VM
// it just read. A read that started earlier but answered later must not replace a newer one, and a
// VM removed (undefined) after a read started must not come back with that read's answer.

/** Taken before a read starts: reads are ordered by when they started, not by when they answered. */
export type Ticket = number;

export class FreshestReads<T> {
    private next: Ticket = 0;
    private readonly values = new Map<string, T>();
    /** the ticket of what is stored, or of the removal (a tombstone) */
    private readonly stamps = new Map<string, Ticket>();

    ticket(): Ticket {
        return this.next++;
    }

    /** Stores `value` read under `ticket` unless something newer is there; true when stored. */
    put(path: string, value: T, ticket: Ticket): boolean {
        if ((this.stamps.get(path) ?? -1) > ticket)
            return false;
        this.values.set(path, value);
        this.stamps.set(path, ticket);
        return true;
    }

    /** The VM is gone as of `ticket` (default: now): an older read's answer cannot bring it back. */
    remove(path: string, ticket: Ticket = this.ticket()): void {
        if ((this.stamps.get(path) ?? -1) > ticket)
            return;
        this.values.delete(path);
        this.stamps.set(path, ticket);
    }

    /**
     * A whole listing, taken under `listedAt`, with each VM's read: each is stored unless newer is
     * there; a VM not in the listing is removed unless it was read after the listing was taken (it was
     * defined since). A VM whose read failed (`undefined`) is left as it is.
     */
    replaceAll(listedAt: Ticket, reads: { path: string; value: T | undefined; ticket: Ticket }[]): void {
        const listedPaths = new Set(reads.map(r => r.path));
        for (const path of [...this.values.keys()])
            if (!listedPaths.has(path))
                this.remove(path, listedAt);
        for (const read of reads)
            if (read.value !== undefined)
                this.put(read.path, read.value, read.ticket);
    }

    has(path: string): boolean {
        return this.values.has(path);
    }

    list(): T[] {
        return [...this.values.values()];
    }
}
