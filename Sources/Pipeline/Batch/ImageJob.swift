import ImageTensor
import ImageCodecs
import Pooling

/// The per-image work of a batch: what `run` and `thumbnail` differ in.
///
/// The runner reads each input, opens an `ImageRowDecoder` on it (header read, no rows yet),
/// calls `run(decoder:autorotate:context:)`, encodes and writes the result, and records
/// `manifestStages` and `manifestSettings` in the manifest; resume compares both.
/// Implementations must be thread-safe values: `run` runs on several images at once.
public protocol ImageJob: Sendable {
    /// The stage list recorded in the manifest (canonical form), compared when resuming.
    var manifestStages: String { get }
    /// Other settings of the job that change its output (e.g. `alpha=straight linear=false`),
    /// compared when resuming.
    var manifestSettings: String { get }
    /// Produces the output for one input from `decoder`, which has read the header (so the
    /// job may still pick decode options such as a JPEG DCT scale) and no rows.
    /// - Parameters:
    ///   - autorotate: apply the EXIF orientation so the output is upright.
    ///   - context: threads this image may use.
    func run(decoder: ImageRowDecoder, autorotate: Bool, context: PoolingContext) throws -> StreamedOutput
}

extension ImageJob {
    public var manifestSettings: String { "" }
}

/// A job that needs the whole decoded image: its `run` decodes every row, turns the image
/// upright (when asked), and calls `process`.
public protocol WholeImageJob: ImageJob {
    /// The output tensor for one decoded, already upright image.
    /// - Parameter context: threads this image may use.
    func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor
}

extension WholeImageJob {
    public func run(decoder: ImageRowDecoder, autorotate: Bool, context: PoolingContext) throws -> StreamedOutput {
        let shape = [decoder.header.height, decoder.header.width, decoder.channels]
        var image = try decoder.decodeAll()
        if autorotate && image.metadata.orientation != 1 {
            image.tensor = image.tensor.applyingOrientation(image.metadata.orientation)
        }
        return StreamedOutput(tensor: try process(image, context: context), metadata: image.metadata, inputShape: shape)
    }
}
