/// An image rejected from its header for its size, before any pixel memory is taken.
public enum ImageLimitError: Error, Equatable, CustomStringConvertible {
    /// `width * height` is over `DecodeOptions.maxPixels` (`--max-pixels`).
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// Over what the codec library itself supports (libjpeg: 65500 per side; libpng: 2^24).
    case overLibraryLimit(width: Int, height: Int, detail: String)

    public var description: String {
        switch self {
        case let .tooManyPixels(w, h, limit):
            return "\(h)×\(w) (H×W) is over --max-pixels (\(limit))"
        case let .overLibraryLimit(w, h, detail):
            let size = w > 0 && h > 0 ? "\(h)×\(w) (H×W) is" : "the image is"
            return "\(size) larger than the decoder supports (\(detail))"
        }
    }
}
