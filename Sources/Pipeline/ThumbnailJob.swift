import ImageCodecs
import ImageTensor
import Pooling

/// The job of `poolpipe thumbnail`: decode (shrinking JPEGs while decoding when allowed),
/// pool row bands as they arrive, reduce to the exact size, then turn the result upright.
///
/// Orientation is applied to the finished thumbnail rather than to the full image, so the
/// full-resolution image is never rotated; pooling windows are anchored in the stored image.
public struct ThumbnailJob: StreamingImageJob {
    public let spec: ThumbnailSpec
    public let color: ColorOptions

    public init(spec: ThumbnailSpec, color: ColorOptions = ColorOptions()) {
        self.spec = spec
        self.color = color
    }

    public var manifestStages: String { spec.description }
    public var manifestSettings: String { "alpha=\(color.alpha.rawValue) linear=\(color.linear)" }
    public var needsHeader: Bool { true }

    public func decodeOptions(for header: ImageHeader, base: DecodeOptions) -> DecodeOptions {
        var options = base
        if header.format == .jpeg {
            options.dctScaleDenominator = spec.dctDenominator(height: header.height, width: header.width)
        }
        return options
    }

    /// For a fully decoded image.
    /// - Precondition: the caller turned the image upright per `image.metadata.orientation`
    ///   (as the batch runner does), so the target is taken from the upright stored size.
    public func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor {
        let m = image.metadata
        let upright = Orientation.uprightSize(height: m.storedHeight, width: m.storedWidth, tag: m.orientation)
        let target = spec.targetSize(height: upright.height, width: upright.width)
        let list = try spec.stages(height: image.tensor.height, width: image.tensor.width, target: target)
        return try list.apply(image.tensor, color: color, context: context)
    }

    public func run(bytes: [UInt8], options: DecodeOptions, autorotate: Bool,
                    context: PoolingContext) throws -> StreamedOutput {
        let decoder = try ImageRowDecoder(bytes: bytes, options: options)
        let header = decoder.header
        // The DCT scale is chosen from the header the decoder just read (no second parse).
        try decoder.setDCTScale(decodeOptions(for: header, base: options).dctScaleDenominator)
        let target = spec.targetSize(height: header.height, width: header.width)
        let list = try spec.stages(height: decoder.outputHeight, width: decoder.outputWidth, target: target)
        var (tensor, metadata) = try list.applyDecoding(decoder, color: color, context: context)
        if autorotate && metadata.orientation != 1 {
            tensor = tensor.applyingOrientation(metadata.orientation)
        }
        return StreamedOutput(tensor: tensor, metadata: metadata,
                              inputShape: [header.height, header.width, header.channels])
    }
}
