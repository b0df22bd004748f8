import Foundation

/// Hands out positions of a pack's work list to workers, at most `window` ahead of the
/// writer, and passes their outcomes to the writer in order. Safe from any thread.
// @unchecked Sendable, proved by hand: `count` and `window` are immutable; `nextToTake`,
// `written`, `stopped`, `results`, `writerWaitsFor` and `takersWaiting` are read and written
// only between `condition.lock()` and `condition.unlock()` (every method takes the condition
// first).
//
// Wake-ups are sent only to a thread that waits for them (the writer for the outcome it
// needs, workers for room in the window), so a run does not pay a futex wake-up and a
// needless context switch per sample; each wait also times out after 0.1 s.
final class PackWorkState: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var nextToTake = 0
    private var written = 0
    private var stopped = false
    private var results: [Int: PackOutcome] = [:]
    /// The position the writer waits for, or −1.
    private var writerWaitsFor = -1
    /// Workers waiting for room in the window.
    private var takersWaiting = 0

    init(count: Int, window: Int) {
        self.count = count
        self.window = max(1, window)
    }

    /// The next position to work on; waits while the writer is `window` behind. nil when
    /// all are taken or the run stops (`stop` called, or `stop()` returns true).
    func take(stop: () -> Bool) -> Int? {
        condition.lock(); defer { condition.unlock() }
        while !stopped && nextToTake < count && nextToTake >= written + window {
            takersWaiting += 1
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            takersWaiting -= 1
            if stop() { stopped = true }
        }
        if stopped || nextToTake >= count || stop() { stopped = true; return nil }
        let p = nextToTake
        nextToTake += 1
        return p
    }

    /// Hands in the outcome of position `p`.
    func put(_ p: Int, _ outcome: PackOutcome) {
        condition.lock()
        results[p] = outcome
        if p == writerWaitsFor { condition.broadcast() }
        condition.unlock()
    }

    /// The outcome of position `p` (the writer's next), waiting for it; nil when the run
    /// stopped before `p` was taken.
    func next(_ p: Int, stop: () -> Bool) -> PackOutcome? {
        condition.lock(); defer { condition.unlock() }
        while results[p] == nil {
            if stop() { stopped = true }
            if stopped && p >= nextToTake { return nil }
            writerWaitsFor = p
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            writerWaitsFor = -1
        }
        written = p + 1
        if takersWaiting > 0 { condition.broadcast() }
        return results.removeValue(forKey: p)
    }

    /// No more positions are handed out.
    func stop() {
        condition.lock(); stopped = true; condition.broadcast(); condition.unlock()
    }
}
