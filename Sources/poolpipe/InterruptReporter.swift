import Foundation
import ImageTensor
import Pipeline

/// What a batch command does on SIGINT/SIGTERM. The first signal stops taking inputs, stops
/// the progress bar and says on stderr how many images in flight are being finished; a
/// second one removes the temporaries of the writes in flight (so no partial file is left;
/// finished outputs and manifest lines are complete) and exits with 130 at once.
final class InterruptReporter: Sendable {
    private let runner: BatchRunner
    /// Signals seen so far, and the bar to stop.
    private let state = Locked<(count: Int, bar: ProgressBar?)>((0, nil))

    init(runner: BatchRunner) { self.runner = runner }

    /// The progress bar to stop on the first signal.
    var bar: ProgressBar? {
        get { state.current.bar }
        set { state.withLock { $0.bar = newValue } }
    }

    /// Called on the signal queue for each signal.
    func signalled() {
        let (n, bar) = state.withLock { s in
            s.count += 1
            return (s.count, s.bar)
        }
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
