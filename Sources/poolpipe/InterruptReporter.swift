import Foundation
import Pipeline

/// What a batch command does on SIGINT/SIGTERM. The first signal stops taking inputs, stops
/// the progress bar and says on stderr how many images in flight are being finished; a
/// second one removes the temporaries of the writes in flight (so no partial file is left;
/// finished outputs and manifest lines are complete) and exits with 130 at once.
// @unchecked Sendable, proved by hand: `runner` is immutable (and Sendable); `count` and
// `barStorage` are read and written only while `lock` is held.
final class InterruptReporter: @unchecked Sendable {
    private let runner: BatchRunner
    private let lock = NSLock()
    private var count = 0
    private var barStorage: ProgressBar?

    init(runner: BatchRunner) { self.runner = runner }

    /// The progress bar to stop on the first signal.
    var bar: ProgressBar? {
        get { lock.lock(); defer { lock.unlock() }; return barStorage }
        set { lock.lock(); barStorage = newValue; lock.unlock() }
    }

    /// Called on the signal queue for each signal.
    func signalled() {
        lock.lock(); count += 1; let n = count; let bar = barStorage; lock.unlock()
        let inFlight = runner.imagesInFlight
        if n >= 2 {
            CLIError.note("interrupted again: aborting \(Self.images(inFlight)) in flight; no partial file is left")
            runner.removeTemporaries()
            _exit(130)
        }
        runner.cancel()
        bar?.halt()
        CLIError.note("interrupted: finishing \(Self.images(inFlight)) in flight, starting no more "
                      + "(interrupt again to abort them)")
    }

    /// The closing line; after an interrupt it also counts the inputs never started.
    func closingLine(_ summary: BatchSummary) -> String {
        let line = summary.progress.summaryLine
        guard summary.interrupted else { return line }
        return line + ", not started \(summary.progress.total - summary.progress.done)"
    }

    private static func images(_ n: Int) -> String { "\(n) image\(n == 1 ? "" : "s")" }
}
