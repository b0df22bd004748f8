import Dispatch
import Foundation
import ImageTensor

/// Encodes and writes the report's PNGs on a background thread while the caller goes on
/// measuring, at most `depth` pictures waiting at a time (so memory stays bounded).
/// The first error is kept and thrown by `finish`.
final class BackgroundWriter: Sendable {
    private let files: ReportFiles
    private let queue = DispatchQueue(label: "poolpipe.inspect.writer")
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let firstError = Locked<(any Error)?>(nil)

    init(files: ReportFiles, depth: Int = 1) {
        self.files = files
        slots = DispatchSemaphore(value: depth)
    }

    /// Queues `tensor` to be written as a PNG at zlib `level`; blocks while `depth` are waiting.
    func writePNG(_ tensor: Tensor, to relative: String, what: String, level: Int?) {
        slots.wait()
        group.enter()
        queue.async { [self] in
            defer { slots.signal(); group.leave() }
            if failed { return }
            do {
                try files.writePNG(tensor, to: relative, what: what, level: level)
            } catch {
                firstError.withLock { if $0 == nil { $0 = error } }
            }
        }
    }

    private var failed: Bool { firstError.current != nil }

    /// Waits for every queued picture.
    /// - Throws: the first `InspectError.encodeFailed` or `.writeFailed` met.
    func finish() throws {
        group.wait()
        if let error = firstError.current { throw error }
    }
}
