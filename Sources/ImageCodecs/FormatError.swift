/// The bytes are not a format PoolPipe decodes (detection is by content, never by name).
public enum FormatError: Error, Equatable, CustomStringConvertible {
    /// No PNG, JPEG or NPY signature; carries up to the first 4 bytes.
    case unrecognized(firstBytes: [UInt8])

    public var description: String {
        switch self {
        case .unrecognized(let bytes):
            if bytes.isEmpty { return "not a PNG, JPEG or NPY file (it is empty)" }
            let hex = bytes.prefix(4).map { byte -> String in
                let s = String(byte, radix: 16, uppercase: true)
                return s.count == 1 ? "0" + s : s
            }.joined(separator: " ")
            return "not a PNG, JPEG or NPY file (starts with \(hex))"
        }
    }
}
