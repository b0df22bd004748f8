import ImageTensor

/// Failure while encoding a tensor.
public enum EncodingError: Error, Equatable, CustomStringConvertible {
    /// The tensor's channel count does not fit the format (PNG/JPEG take 1...4).
    case unsupportedChannels(format: OutputFormat, channels: Int)
    /// PNG bit depth other than 8 or 16.
    case unsupportedBitDepth(Int)
    /// JPEG quality outside 1...100.
    case badQuality(Int)
    /// A PNG/JPEG needs at least one row and column; JPEG sides are at most 65500.
    case badSize(format: OutputFormat, width: Int, height: Int)
    /// The codec library failed; `detail` is its message.
    case libraryFailed(format: OutputFormat, detail: String)

    public var description: String {
        switch self {
        case let .unsupportedChannels(format, channels):
            return "cannot write a \(channels)-channel tensor as \(format.rawValue.uppercased()) (1 to 4 channels)"
        case .unsupportedBitDepth(let b): return "PNG bit depth must be 8 or 16, not \(b)"
        case .badQuality(let q): return "quality must be 1...100, not \(q)"
        case let .badSize(format, w, h):
            return "cannot write a \(h)×\(w) (H×W) image as \(format.rawValue.uppercased())"
        case let .libraryFailed(format, detail):
            return "\(format.rawValue.uppercased()) encoding failed (\(detail))"
        }
    }
}
