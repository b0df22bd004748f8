/// Errors of opening or writing the manifest.
public enum ManifestError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(p, r): return "cannot open manifest \(p): \(r)"
        case let .cannotWrite(p, r): return "cannot write manifest \(p): \(r)"
        }
    }
}
