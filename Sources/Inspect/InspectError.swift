/// Errors of `poolpipe inspect` and the `Inspect` library. Each case carries the evidence
/// and its `description` is one human sentence.
public enum InspectError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two images that must have the same shape do not.
    case shapeMismatch(expected: [Int], got: [Int])
    /// No stage list was given.
    case noStageLists
    /// A stage list did not parse; `index` is 1-based, `reason` the parser's message.
    case invalidStageList(index: Int, spec: String, reason: String)
    /// The source image could not be decoded.
    case decodeFailed(path: String, reason: String)
    /// The output folder or one of its files could not be written.
    case writeFailed(path: String, reason: String)
    /// An image could not be encoded to PNG.
    case encodeFailed(what: String, reason: String)
    /// A tensor has a channel count the report cannot show (only 1 to 4 are images).
    case unsupportedChannels(Int)

    public var description: String {
        switch self {
        case let .shapeMismatch(expected, got):
            return "images differ in shape: expected \(Self.shape(expected)), got \(Self.shape(got))"
        case .noStageLists:
            return "inspect needs at least one --stages list"
        case let .invalidStageList(index, spec, reason):
            return "stage list \(index) (\"\(spec)\") is invalid: \(reason)"
        case let .decodeFailed(path, reason):
            return "\(path): \(reason)"
        case let .writeFailed(path, reason):
            return "cannot write \(path): \(reason)"
        case let .encodeFailed(what, reason):
            return "cannot encode \(what) as PNG: \(reason)"
        case let .unsupportedChannels(c):
            return "a tensor with \(c) channels cannot be shown as an image (1 to 4 channels are images)"
        }
    }

    static func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }
}
