import Foundation

/// Reads a pipe to its end on a background thread, so a child that fills one pipe while the
/// caller reads the other never blocks.
final class PipeReader: @unchecked Sendable {
    // Safe without a lock: `data` is written once, by the reader thread, before it calls
    // `group.leave()`; it is read only in `wait()`, after `group.wait()` returned, which
    // orders that write before the read. Nothing else touches it.
    private var data = Data()
    private let group = DispatchGroup()

    /// Starts reading `handle` until end of file.
    init(_ handle: FileHandle) {
        group.enter()
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.group.leave()
        }
    }

    /// Everything the pipe delivered, once its writer closed it.
    func wait() -> Data {
        group.wait()
        return data
    }
}
