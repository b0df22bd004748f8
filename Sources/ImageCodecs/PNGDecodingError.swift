/// Failure while decoding PNG data.
public enum PNGDecodingError: Error, Equatable, CustomStringConvertible {
    /// The data stops before the image (or its IEND chunk) does.
    case truncated
    /// A chunk's CRC does not match its bytes.
    case badChunkCRC(chunk: String)
    /// libpng rejected the data; `detail` is libpng's message.
    case corrupt(detail: String)
    /// libpng ran out of memory (or hit its allocation cap).
    case outOfMemory(detail: String)

    public var description: String {
        switch self {
        case .truncated: return "PNG data ends early"
        case .badChunkCRC(let chunk): return "bad CRC in \(chunk) chunk"
        case .corrupt(let detail): return "invalid PNG data (libpng: \(detail))"
        case .outOfMemory(let detail): return "not enough memory to decode the PNG (libpng: \(detail))"
        }
    }
}
