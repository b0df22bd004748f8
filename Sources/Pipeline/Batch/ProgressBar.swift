import Foundation
import ImageTensor

/// A snapshot of a batch's progress, passed to progress callbacks.
public struct BatchProgress: Sendable, Equatable {
    /// Inputs this process will handle (after sharding).
    public var total: Int
    /// Inputs finished so far (processed + skipped + failed).
    public var done: Int { processed + skipped + failed }
    public var processed: Int
    public var skipped: Int
    public var failed: Int
    /// Seconds since the run started.
    public var elapsed: Double

    public init(total: Int, processed: Int = 0, skipped: Int = 0, failed: Int = 0, elapsed: Double = 0) {
        self.total = total; self.processed = processed; self.skipped = skipped
        self.failed = failed; self.elapsed = elapsed
    }

    /// Processed inputs per second (skipped ones cost nothing and do not count).
    public var rate: Double { elapsed > 0 ? Double(processed) / elapsed : 0 }

    /// Estimated seconds left, from the rate of all finished inputs; nil before any finished.
    public var eta: Double? {
        guard done > 0, elapsed > 0 else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }

    /// The closing line: `processed N, skipped S, failed F in T s`.
    public var summaryLine: String {
        "processed \(processed), skipped \(skipped), failed \(failed) in \(Self.twoDecimals(elapsed)) s"
    }
}

extension BatchProgress {
    /// `seconds` with two decimals, like `String(format: "%.2f")` for the times a run takes
    /// (0 ≤ seconds < 2⁵³/100) without Foundation's formatter, whose first use costs about
    /// as much as a small image.
    static func twoDecimals(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 9e13 else { return String(format: "%.2f", seconds) }
        let hundredths = Int64((seconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

/// Draws a one-line progress bar with count, rate and ETA on a terminal.
///
/// Redraws at most ten times a second with `\r`; `finish()` clears the line. Use it only when
/// the stream is a terminal (`ProgressBar.isTerminal`); thread-safe.
public final class ProgressBar: Sendable {
    private let fd: Int32
    private let width: Int
    /// When the bar was last drawn, whether it is on screen, whether it was halted; the lock
    /// also serialises the writes to `fd`.
    private let state = Locked<(lastDraw: Double, drawn: Bool, halted: Bool)>((-1.0, false, false))

    /// - Parameter fd: the stream to draw on (stderr by default).
    public init(fd: Int32 = STDERR_FILENO, width: Int = 30) {
        self.fd = fd
        self.width = width
    }

    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32 = STDERR_FILENO) -> Bool { isatty(fd) != 0 }

    /// Redraws for `p` unless the last draw was under 0.1 s ago (the final count always draws).
    public func update(_ p: BatchProgress) {
        state.withLock { s in
            guard !s.halted, p.done == p.total || p.elapsed - s.lastDraw >= 0.1 else { return }
            s.lastDraw = p.elapsed
            emit("\r" + Self.render(p, width: width) + "\u{1B}[K")
            s.drawn = true
        }
    }

    /// Clears the bar's line and draws no more (after an interrupt, so the bar does not
    /// run on while the images in flight finish).
    public func halt() {
        state.withLock { s in
            if s.drawn { emit("\r\u{1B}[K") }
            s.drawn = false
            s.halted = true
        }
    }

    /// Clears the bar's line.
    public func finish() {
        state.withLock { s in
            if s.drawn { emit("\r\u{1B}[K") }
            s.drawn = false
        }
    }

    private func emit(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The bar text, e.g. `[#########.....] 120/400  35.2 img/s  ETA 8s  1 failed`.
    public static func render(_ p: BatchProgress, width: Int = 30) -> String {
        let fraction = p.total > 0 ? Double(p.done) / Double(p.total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        var s = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
        s += "\(p.done)/\(p.total)  " + String(format: "%.1f img/s", p.rate)
        s += "  ETA " + (p.eta.map(formatDuration) ?? "--")
        if p.failed > 0 { s += "  \(p.failed) failed" }
        return s
    }

    /// `42s`, `3m07s`, `2h05m`.
    public static func formatDuration(_ seconds: Double) -> String {
        let t = Int(seconds.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm%02ds", t / 60, t % 60) }
        return String(format: "%dh%02dm", t / 3600, (t % 3600) / 60)
    }
}
