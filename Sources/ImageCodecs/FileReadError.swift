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

    public var description: String {
        switch self {
        case .missing: return "no such file"
        case .isDirectory: return "is a directory, not an image file"
        case .unreadable(let reason): return "cannot read the file (\(reason))"
        case .empty: return "empty file (0 bytes)"
        }
    }
}
