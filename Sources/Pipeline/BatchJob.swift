import ImageTensor
import ImageCodecs
import Pooling

/// The per-image work of a batch: what `run` and `thumbnail` differ in.
///
/// The runner decodes each input (with `decodeOptions`), turns it upright, calls `process`,
/// encodes and writes the result, and records `manifestStages` and `manifestSettings` in the
/// manifest; resume compares both. Implementations must be thread-safe values: `process` runs
/// on several images at once.
public protocol ImageJob: Sendable {
    /// The stage list recorded in the manifest (canonical form), compared when resuming.
    var manifestStages: String { get }
    /// Other settings of the job that change its output (e.g. `alpha=straight linear=false`),
    /// compared when resuming.
    var manifestSettings: String { get }
    /// Whether `decodeOptions(for:base:)` needs the file's header; when false the runner does
    /// not read it and passes a header it made up from nothing but the path.
    var needsHeader: Bool { get }
    /// Decode options for one file, given its header and the run's options (max pixels,
    /// truncation). A thumbnail job picks a JPEG DCT scale here.
    func decodeOptions(for header: ImageHeader, base: DecodeOptions) -> DecodeOptions
    /// The output tensor for one decoded, already upright image.
    /// - Parameter context: threads this image may use.
    func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor
}

extension ImageJob {
    public var manifestSettings: String { "" }
    public var needsHeader: Bool { false }
    public func decodeOptions(for header: ImageHeader, base: DecodeOptions) -> DecodeOptions { base }
}
