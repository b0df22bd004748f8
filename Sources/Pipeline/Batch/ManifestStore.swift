import Foundation

/// What resume needs from an input's last manifest record.
public struct ResumeEntry: Sendable, Equatable {
    public var status: InputStatus
    public var output: String?
    public var stages: String
    public var settings: String?
    public var stamp: FileStamp?
    public var inputShape: [Int]? = nil
    public var outputShape: [Int]? = nil
}

/// Errors of opening or writing the manifest.
public enum ManifestError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(p, r): return "cannot open manifest \(p): \(r)"
        case let .cannotWrite(p, r): return "cannot write manifest \(p): \(r)"
        }
    }
}

/// Reads a JSON Lines manifest for resuming.
public enum ManifestReader {
    /// The last record of every input in the manifest at `path` (keyed by `input`).
    /// A missing file gives an empty map; lines that are not JSON objects (a line cut short by
    /// `kill -9`) and `{"run": ...}` records are ignored.
    public static func lastRecords(path: String) -> [String: ResumeEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var result: [String: ResumeEntry] = [:]
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            guard !line.isEmpty,
                  let obj = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any],
                  let input = obj["input"] as? String,
                  let statusText = obj["status"] as? String,
                  let status = InputStatus(rawValue: statusText) else { continue }
            var stamp: FileStamp?
            if let size = (obj["input_size"] as? NSNumber)?.int64Value, let mtime = obj["input_mtime"] as? String {
                stamp = FileStamp(size: size, mtime: mtime)
            }
            result[input] = ResumeEntry(status: status, output: obj["output"] as? String,
                                        stages: obj["stages"] as? String ?? "",
                                        settings: obj["settings"] as? String, stamp: stamp,
                                        inputShape: obj["input_shape"] as? [Int],
                                        outputShape: obj["output_shape"] as? [Int])
        }
        return result
    }
}

/// Appends manifest lines; safe to call from several threads.
///
/// Each record is one `write(2)` of a whole line to a file opened with `O_APPEND`, so a
/// crash leaves at most the last line cut short; opening adds a newline first when the file
/// does not end in one, so a cut line never merges with the next run's first record.
public final class ManifestWriter: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var firstError: ManifestError?

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
        lock.lock(); defer { lock.unlock() }
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

    /// The first write that failed (e.g. a full disk), if any; later lines may be missing.
    public var writeError: ManifestError? {
        lock.lock(); defer { lock.unlock() }
        return firstError
    }

    /// Forces the appended lines to stable storage.
    public func sync() { lock.lock(); fsync(fd); lock.unlock() }
}
