import Foundation
import ImageTensor

/// Appends manifest lines; safe to call from several threads.
///
/// Each record is one `write(2)` of a whole line to a file opened with `O_APPEND`, so a
/// crash leaves at most the last line cut short; opening adds a newline first when the file
/// does not end in one, so a cut line never merges with the next run's first record.
final class ManifestWriter: Sendable {
    public let path: String
    private let fd: Int32
    /// The first failed write; the lock also serialises the writes and `fsync`.
    private let firstError = Locked<ManifestError?>(nil)

    /// Opens (creating) `path` for appending; its folder must exist.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ManifestError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
        var st = stat()
        if fstat(fd, &st) == 0, st.st_size > 0 {
            let rfd = open(path, O_RDONLY | O_CLOEXEC)
            if rfd >= 0 {
                var last: UInt8 = 0
                if pread(rfd, &last, 1, off_t(st.st_size - 1)) == 1, last != 0x0A {
                    try writeLine("")
                }
                close(rfd)
            }
        }
    }

    deinit { close(fd) }

    /// Appends `line` and a newline.
    public func append(_ line: String) throws {
        try writeLine(line)
    }

    private func writeLine(_ line: String) throws {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        try firstError.withLock { firstError in
            var off = 0
            while off < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
                if n < 0 {
                    if errno == EINTR { continue }
                    let e = ManifestError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
                    if firstError == nil { firstError = e }
                    throw e
                }
                off += n
            }
        }
    }

    /// The first write that failed (e.g. a full disk), if any; later lines may be missing.
    public var writeError: ManifestError? {
        firstError.current
    }

    /// Forces the appended lines to stable storage.
    public func sync() { firstError.withLock { _ in _ = fsync(fd) } }
}
