import Foundation

/// Makes outputs already in place durable in groups, on a thread of its own, while the
/// workers go on: the files placed (`AtomicFileWriter.place`, still open) since the last
/// group are made durable together (`AtomicFileWriter.makeDurable`: writeback of all started
/// at once, then an `fsync` each), and only then is each file's `done` called (which records
/// it in the manifest). A group gathers until half the capacity waits or 50 ms passed, so a
/// folder of small images pays one wait on the disk per group rather than one per file,
/// and a manifest record still implies a durable output.
///
/// Not libdispatch, for the reason `BackgroundQueue` gives.
// @unchecked Sendable, proved by hand: `capacity` and `makeDurable` (Sendable) are
// immutable; `waiting`, `closed` and `running` are read and written only while `condition`
// is locked; the `done` callbacks are called outside it, on the commit thread.
final class GroupCommitter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [(file: StagedFile, done: (OutputError?) -> Void)] = []
    private var closed = false
    private var running = false
    private let capacity: Int
    /// Makes a group durable: `AtomicFileWriter.makeDurable` of the run's writer.
    private let makeDurable: @Sendable ([StagedFile]) -> [OutputError?]
    /// How long a group waits for more files before it is made durable, in seconds.
    static let gathering: TimeInterval = 0.05

    /// - Parameter capacity: how many placed files may wait to be made durable and recorded
    ///   (each holds an open descriptor); `submit` blocks the caller beyond it.
    /// - Parameter makeDurable: makes a group durable; nil for `writer.makeDurable` (tests
    ///   pass their own to watch the order).
    init(writer: AtomicFileWriter, capacity: Int,
         makeDurable: (@Sendable ([StagedFile]) -> [OutputError?])? = nil) {
        self.makeDurable = makeDurable ?? { writer.makeDurable($0) }
        self.capacity = max(1, capacity)
        let thread = Thread { self.serve() }
        thread.name = "poolpipe-commit"
        thread.start()
    }

    /// Queues a placed `file` (its descriptor is closed here); `done` is called on the
    /// committing thread with nil once it is durable, or with the reason it may not be.
    func submit(_ file: StagedFile, done: @escaping (OutputError?) -> Void) {
        condition.lock()
        while waiting.count >= capacity { condition.wait() }
        waiting.append((file, done))
        // Wake the committer only when it has something to start or a group to take.
        if waiting.count == 1 || waiting.count >= (capacity + 1) / 2 { condition.broadcast() }
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
            // Let a group gather (half the capacity, or `gathering` after its first file),
            // so that the disk works on many files at once rather than one after another.
            let deadline = Date(timeIntervalSinceNow: Self.gathering)
            while !closed && waiting.count < (capacity + 1) / 2 && condition.wait(until: deadline) {}
            let group = waiting
            waiting.removeAll(keepingCapacity: true)
            running = true
            condition.broadcast()
            condition.unlock()
            let errors = makeDurable(group.map(\.file))
            for (entry, error) in zip(group, errors) { entry.done(error) }
            condition.lock()
            running = false
            condition.broadcast()
        }
        condition.unlock()
    }
}
