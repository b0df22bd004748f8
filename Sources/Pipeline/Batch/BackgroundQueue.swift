import Foundation

/// A few threads of its own that run blocks in FIFO order, with a bound on how many may wait.
///
/// The batch's workers run on one (as many threads as `--jobs`), while the commits that
/// block on the disk (`fsync`) run on `GroupCommitter`'s thread. Not libdispatch: on
/// Linux its global queue runs no more blocks at once than there are cores, and it adds a
/// thread for another queue's blocks only after about a second when the workers keep every
/// core busy, which stalled whole batches.
// @unchecked Sendable, proved by hand: `capacity` is immutable; `blocks`, `head`, `running`
// and `closed` are read and written only while `condition` is locked; blocks run outside it.
final class BackgroundQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var blocks: [() -> Void] = []
    private var head = 0
    private var running = 0
    private var closed = false
    private let capacity: Int

    /// - Parameters:
    ///   - threads: how many blocks may run at once (at least 1).
    ///   - capacity: how many blocks may wait; `async` blocks the caller beyond it.
    init(name: String, threads: Int, capacity: Int) {
        self.capacity = max(1, capacity)
        for i in 0..<max(1, threads) {
            // The thread keeps the queue alive until `finish` lets it return.
            let thread = Thread { self.serve() }
            thread.name = "\(name)-\(i)"
            thread.start()
        }
    }

    /// Queues `block`; waits while `capacity` blocks are already waiting.
    func async(_ block: @escaping () -> Void) {
        condition.lock()
        while blocks.count - head >= capacity { condition.wait() }
        blocks.append(block)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every queued block has run, then stops the threads. No `async` after.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while blocks.count > head || running > 0 { condition.wait() }
        condition.unlock()
    }

    private func serve() {
        condition.lock()
        while true {
            while blocks.count == head && !closed { condition.wait() }
            if blocks.count == head { break }
            let block = blocks[head]
            head += 1
            if head == blocks.count { blocks.removeAll(keepingCapacity: true); head = 0 }
            running += 1
            condition.broadcast()
            condition.unlock()
            block()
            condition.lock()
            running -= 1
            condition.broadcast()
        }
        condition.unlock()
    }
}
