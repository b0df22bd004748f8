import ImageCodecs
import ImageTensor
import Pooling

/// What a streaming job made of one input.
public struct StreamedOutput: Sendable {
    /// The output tensor, upright when orientation was applied.
    public var tensor: Tensor
    /// The decoded image's metadata (format, bit depth, DCT scale, ICC, orientation, warnings).
    public var metadata: ImageMetadata
    /// The input's shape as stored in the file, `[H, W, C]`.
    public var inputShape: [Int]
    public init(tensor: Tensor, metadata: ImageMetadata, inputShape: [Int]) {
        self.tensor = tensor; self.metadata = metadata; self.inputShape = inputShape
    }
}

/// A job that decodes the file itself, so that it can pool row bands as they arrive and
/// pick decode options (a JPEG DCT scale) from the header without reading the file twice.
/// The batch runner prefers this entry point over `ImageJob.process` when a job offers it.
public protocol StreamingImageJob: ImageJob {
    /// Decodes `bytes` with `options` (the run's limits) and produces the output.
    /// - Parameter autorotate: apply the EXIF orientation so the output is upright.
    func run(bytes: [UInt8], options: DecodeOptions, autorotate: Bool,
             context: PoolingContext) throws -> StreamedOutput
}

extension StageListJob: StreamingImageJob {
    /// Streams the first stage when it is row-bandable and no orientation has to be applied
    /// first; otherwise decodes whole, orients, then applies the list. Either way the output
    /// equals `process` on the upright decoded image.
    public func run(bytes: [UInt8], options: DecodeOptions, autorotate: Bool,
                    context: PoolingContext) throws -> StreamedOutput {
        let decoder = try ImageRowDecoder(bytes: bytes, options: options)
        let shape = [decoder.header.height, decoder.header.width, decoder.channels]
        let orientation = decoder.header.orientation
        if autorotate && orientation != 1 {
            let image = try decoder.decodeAll()
            let upright = image.tensor.applyingOrientation(orientation)
            return StreamedOutput(tensor: try stages.apply(upright, color: color, context: context),
                                  metadata: image.metadata, inputShape: shape)
        }
        var (tensor, metadata) = try stages.applyDecoding(decoder, color: color, context: context)
        // A PNG eXIf chunk after the image data is only seen at the end: orient the output then.
        if autorotate && metadata.orientation != 1 {
            tensor = tensor.applyingOrientation(metadata.orientation)
        }
        return StreamedOutput(tensor: tensor, metadata: metadata, inputShape: shape)
    }
}
