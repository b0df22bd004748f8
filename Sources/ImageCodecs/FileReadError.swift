/// Failure to get a file's bytes.
public enum FileReadError: Error, Equatable, CustomStringConvertible {
    /// No file at the path.
    case missing
    /// The path is a directory.
    case isDirectory
    /// The file exists but could not be opened or read; `reason` is the system's word (strerror).
    case unreadable(reason: String)
    /// The file has no bytes.
    case empty
    /// The file is larger than any image within `--max-pixels` can be (`limit` bytes), or
    /// larger than the memory that could be had for it (`limit` 0).
    case tooLarge(size: Int, limit: Int)

    public var description: String {
        switch self {
        case .missing: return "no such file"
        case .isDirectory: return "is a directory, not an image file"
        case .unreadable(let reason): return "cannot read the file (\(reason))"
        case .empty: return "empty file (0 bytes)"
        case let .tooLarge(size, limit):
            if limit == 0 { return "file too large to read into memory (\(size) bytes)" }
            return "file too large: \(size) bytes, more than an image within --max-pixels can take (\(limit) bytes)"
        }
    }
}
