/// Failure while decoding JPEG data.
public enum JPEGDecodingError: Error, Equatable, CustomStringConvertible {
    /// The data stops before the image does ("Premature end of JPEG file").
    case truncated
    /// libjpeg rejected the data or warned about corrupt data; `detail` is libjpeg's message.
    case corrupt(detail: String)
    /// A progressive file with more scans than the cap (a decompression-bomb pattern).
    case tooManyScans(limit: Int)
    /// libjpeg ran out of memory or over its memory cap.
    case outOfMemory(detail: String)
    /// `DecodeOptions.dctScaleDenominator` is not 1, 2, 4 or 8.
    case badScaleDenominator(Int)

    public var description: String {
        switch self {
        case .truncated: return "JPEG data ends early (truncated file)"
        case .corrupt(let detail): return "invalid JPEG data (libjpeg: \(detail))"
        case .tooManyScans(let limit): return "too many progressive scans (more than \(limit))"
        case .outOfMemory(let detail): return "not enough memory to decode the JPEG (libjpeg: \(detail))"
        case .badScaleDenominator(let d): return "JPEG DCT scale must be 1/1, 1/2, 1/4 or 1/8, not 1/\(d)"
        }
    }
}
