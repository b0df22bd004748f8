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
    /// The sheet's font could not be opened or drawn.
    case fontUnavailable(path: String, reason: String)
    /// The Fourier transform could not run.
    case spectrumFailed(reason: String)
    /// `--region` lies outside the image or is empty.
    case badRegion(region: [Int], height: Int, width: Int)

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
        case let .fontUnavailable(path, reason):
            return "cannot draw the contact sheet's labels with the font \(path): \(reason) "
                + "(install Debian's fonts-dejavu-core, or run tools/install-deps.sh)"
        case let .spectrumFailed(reason):
            return "cannot compute the Fourier spectrum: \(reason)"
        case let .badRegion(region, h, w):
            return "--region \(region.map(String.init).joined(separator: ",")) (Y,X,H,W) is not inside the "
                + "\(h)×\(w) image"
        }
    }

    static func shape(_ s: [Int]) -> String { s.map(String.init).joined(separator: "×") }
}
