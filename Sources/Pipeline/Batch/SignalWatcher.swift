import Foundation
import Dispatch

/// Turns SIGINT and SIGTERM into a call of `onSignal` on a dispatch queue.
///
/// The signals' default actions are disabled (`SIG_IGN`) and observed with
/// `DispatchSource.makeSignalSource`, so no code runs inside a signal handler. Keep the
/// watcher alive for as long as signals should be caught; `stop()` restores the defaults.
// @unchecked Sendable (dispatch sources are not `Sendable`), proved by hand: `signals` is
// immutable; `received` is read and written only while `lock` is held; `sources` is filled
// by `init` before the watcher is shared (the event handlers never touch it) and afterwards
// taken and emptied only by `stop()`, under `lock`.
public final class SignalWatcher: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]
    private let lock = NSLock()
    private var received: Int32 = 0

    /// Starts watching `signals` (SIGINT, SIGTERM by default); `onSignal` gets the number.
    public init(signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        let queue = DispatchQueue(label: "poolpipe.signals")
        for sig in signals {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            src.setEventHandler { [weak self] in
                self?.record(sig)
                onSignal(sig)
            }
            src.resume()
            sources.append(src)
        }
    }

    private func record(_ sig: Int32) {
        lock.lock(); if received == 0 { received = sig }; lock.unlock()
    }

    /// The first signal received, or nil.
    public var receivedSignal: Int32? {
        lock.lock(); defer { lock.unlock() }
        return received == 0 ? nil : received
    }

    /// Stops watching and restores the default actions.
    public func stop() {
        lock.lock()
        let taken = sources
        sources.removeAll()
        lock.unlock()
        for s in taken { s.cancel() }
        for sig in signals { signal(sig, SIG_DFL) }
    }

    deinit { stop() }
}
