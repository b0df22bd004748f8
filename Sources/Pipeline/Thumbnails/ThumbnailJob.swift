import ImageCodecs
import ImageTensor
import Pooling

/// The job of `poolpipe thumbnail`: decode (shrinking JPEGs while decoding when allowed),
/// pool row bands as they arrive, resize to the exact size, turn the result upright, and
/// (with `crop`) cut the box out of its centre.
///
/// Orientation is applied to the resized thumbnail rather than to the full image, so the
/// full-resolution image is never rotated; pooling windows are anchored in the stored image,
/// and the target size is worked out in the stored image's axes.
public struct ThumbnailJob: ImageJob {
    public let spec: ThumbnailSpec
    public let color: ColorOptions

    public init(spec: ThumbnailSpec, color: ColorOptions = ColorOptions()) {
        self.spec = spec
        self.color = color
    }

    public var manifestStages: String { spec.description }
    public var manifestSettings: String { "alpha=\(color.alpha.rawValue) linear=\(color.linear)" }

    public func run(decoder: ImageRowDecoder, autorotate: Bool, context: PoolingContext) throws -> StreamedOutput {
        let header = decoder.header
        let orientation = autorotate ? header.orientation : 1
        let target = spec.storedResizedSize(height: header.height, width: header.width, orientation: orientation)
        // The DCT scale is chosen from the header the decoder just read (no second parse).
        try decoder.setDCTScale(spec.dctDenominator(height: header.height, width: header.width, target: target))
        let list = try spec.stages(height: decoder.outputHeight, width: decoder.outputWidth, target: target)
        var (tensor, metadata) = try list.applyDecoding(decoder, color: color, context: context)
        if autorotate && metadata.orientation != 1 {
            tensor = tensor.applyingOrientation(metadata.orientation)
        }
        tensor = try finish(tensor, metadata: metadata, autorotate: autorotate, context: context)
        return StreamedOutput(tensor: tensor, metadata: metadata,
                              inputShape: [header.height, header.width, header.channels])
    }

    /// The upright resized thumbnail cut to the box (`crop`). Where the orientation was
    /// only found after the image data (a PNG `eXIf` chunk) and swapped the axes of a
    /// non-square box, the thumbnail is first resized again to the upright target.
    private func finish(_ tensor: Tensor, metadata: ImageMetadata, autorotate: Bool,
                        context: PoolingContext) throws -> Tensor {
        let tag = autorotate ? metadata.orientation : 1
        let upright = Orientation.uprightSize(height: metadata.storedHeight, width: metadata.storedWidth, tag: tag)
        let target = spec.resizedSize(height: upright.height, width: upright.width)
        var list = StageList(stages: [])
        if (tensor.height, tensor.width) != target {
            list.stages.append(Stage(op: Resize(target: .exact(height: target.height, width: target.width),
                                                filter: spec.op == .avg ? .box : .lanczos)))
        }
        if let crop = spec.cropStage(resized: target) { list.stages.append(crop) }
        return list.stages.isEmpty ? tensor : try list.apply(tensor, color: color, context: context)
    }
}
