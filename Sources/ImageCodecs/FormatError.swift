/// The bytes are not a format PoolPipe decodes (detection is by content, never by name).
public enum FormatError: Error, Equatable, CustomStringConvertible {
    /// No PNG, JPEG or NPY signature; carries up to the first 4 bytes.
    case unrecognized(firstBytes: [UInt8])
    /// A WebP file (RIFF....WEBP): PoolPipe writes WebP but does not read it.
    case webpNotSupported

    /// Whether `bytes` start like a WebP file ("RIFF", 4 size bytes, "WEBP").
    static func looksLikeWebP(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && bytes.starts(with: Array("RIFF".utf8)) && Array(bytes[8..<12]) == Array("WEBP".utf8)
    }

    public var description: String {
        switch self {
        case .webpNotSupported:
            return "WebP input is not supported (poolpipe writes WebP but reads only PNG, JPEG and NPY)"

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
