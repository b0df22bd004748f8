import Foundation

/// A value shared between threads, every access under one lock: the package's single
/// audited primitive for shared mutable state, so the types that use it are plainly
/// `Sendable` (checked by the compiler) instead of `@unchecked` each. Not public API.
// @unchecked Sendable, proved by hand: `value` is private and touched only inside
// `withLock`, between `lock.lock()` and `lock.unlock()`; `Value: Sendable`, so what goes in
// or comes out may cross threads.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    /// Runs `body` on the value with the lock held; do not call back into this lock.
    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// The current value (a copy, read under the lock).
    package var current: Value { withLock { $0 } }
}
