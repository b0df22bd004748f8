import Foundation
import ImageTensor
import Testing

/// `Locked`: every access under one lock, so concurrent updates are never lost.
@Suite struct LockedTests {
    @Test func concurrentIncrementsAreAllCounted() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.current == 80_000)
    }

    @Test func withLockReturnsTheBodysResultAndRethrows() {
        struct Stop: Error {}
        let box = Locked([1, 2])
        #expect(box.withLock { v -> Int in v.append(3); return v.count } == 3)
        #expect(throws: Stop.self) { try box.withLock { _ in throw Stop() } }
        #expect(box.current == [1, 2, 3])
    }
}
