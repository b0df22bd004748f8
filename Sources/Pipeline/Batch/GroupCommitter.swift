import Foundation

/// Makes staged outputs durable and puts them in place in groups, on a thread of its own,
/// while the workers go on: whatever has been staged since the last group is committed
/// together (`AtomicFileWriter.commitGroup`), so a folder of small images pays about one
/// wait on the disk per group rather than one `fsync` per file.
///
/// Not libdispatch, for the reason `BackgroundQueue` gives.
// @unchecked Sendable, proved by hand: `capacity` and `writer` (itself Sendable) are
// immutable; `waiting`, `closed` and `running` are read and written only while `condition`
// is locked; the `done` callbacks are called outside it, on the commit thread.
final class GroupCommitter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [(file: StagedFile, done: (OutputError?) -> Void)] = []
    private var closed = false
    private var running = false
    private let capacity: Int
    private let writer: AtomicFileWriter

    /// - Parameter capacity: how many staged files may wait (each holds an open descriptor);
    ///   `submit` blocks the caller beyond it.
    init(writer: AtomicFileWriter, capacity: Int) {
        self.writer = writer
        self.capacity = max(1, capacity)
        let thread = Thread { self.serve() }
        thread.name = "poolpipe-commit"
        thread.start()
    }

    /// Queues `file`; `done` is called on the committing thread with nil once it is in place,
    /// or with the reason it is not.
    func submit(_ file: StagedFile, done: @escaping (OutputError?) -> Void) {
        condition.lock()
        while waiting.count >= capacity { condition.wait() }
        waiting.append((file, done))
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every submitted file is committed, then stops the thread. No `submit` after.
    func finish() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !waiting.isEmpty || running { condition.wait() }
        condition.unlock()
    }

    private func serve() {
        condition.lock()
        while true {
            while waiting.isEmpty && !closed { condition.wait() }
            if waiting.isEmpty { break }
            let group = waiting
            waiting.removeAll(keepingCapacity: true)
            running = true
            condition.broadcast()
            condition.unlock()
            let errors = writer.commitGroup(group.map(\.file))
            for (entry, error) in zip(group, errors) { entry.done(error) }
            condition.lock()
            running = false
            condition.broadcast()
        }
        condition.unlock()
    }
}
