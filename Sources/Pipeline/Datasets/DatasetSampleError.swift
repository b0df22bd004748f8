/// Why one input could not become a dataset sample (the batch goes on).
public enum DatasetSampleError: Error, Equatable, CustomStringConvertible {
    /// `--normalize` lists `values` numbers but the output has `channels` channels.
    case channelMismatch(values: Int, channels: Int)
    /// `--pack npy`: this output's shape differs from the first row's.
    case shapeMismatch(shape: [Int], first: [Int], firstInput: String)
    /// `--labels folder`: the input is not inside a class folder.
    case noClassFolder
    /// The sample key is taken by an earlier input.
    case duplicateKey(key: String, other: String)
    /// The key does not fit a ustar member name (100 bytes, or 155 + 100 split at a `/`).
    case keyTooLong(String)

    public var description: String {
        switch self {
        case let .channelMismatch(v, c):
            return "--normalize gives \(v) values per list but the output has \(c) channel\(c == 1 ? "" : "s")"
        case let .shapeMismatch(shape, first, firstInput):
            return "output shape \(Self.shapeText(shape)) differs from the first row's \(Self.shapeText(first)) (\(firstInput)); --pack npy needs one shape (end the stages with e.g. crop(224) or adaptive_avg(64x64))"
        case .noClassFolder:
            return "--labels folder needs the file inside a class folder under its input folder (INPUT/<class>/…)"
        case let .duplicateKey(key, other):
            return "sample key \"\(key)\" is already taken by \(other) (keys are the relative path without extension, dots replaced by '_')"
        case .keyTooLong(let k):
            return "sample key \"\(k)\" is too long for a tar member name"
        }
    }

    static func shapeText(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
}
