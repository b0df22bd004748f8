import ImageCodecs
import ImageTensor
import Pooling

/// The job of `poolpipe thumbnail`: decode (shrinking JPEGs while decoding when allowed),
/// pool row bands as they arrive, resize to the exact size (a plan that is only that resize
/// reads the 8-bit rows whole and resizes them: `resizeBytes`), turn the result upright,
/// and (with `crop`) cut the box out of its centre.
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
        var (tensor, metadata): (Tensor, ImageMetadata)
        if let resized = try resizeBytes(decoder, list: list, target: target, context: context) {
            (tensor, metadata) = resized
        } else {
            (tensor, metadata) = try list.applyDecoding(decoder, color: color, context: context)
        }
        if autorotate && metadata.orientation != 1 {
            tensor = tensor.applyingOrientation(metadata.orientation)
        }
        tensor = try finish(tensor, metadata: metadata, autorotate: autorotate, context: context)
        return StreamedOutput(tensor: tensor, metadata: metadata,
                              inputShape: [header.height, header.width, header.channels])
    }

    /// The list run on the decoded bytes when it is a single `resize` (no `avg(2)` passes),
    /// the rows are 8-bit gray or RGB (alpha is mixed premultiplied, through the Float path),
    /// linear light is off and the image is not over `BandedDecoder.wholeImageLimit` (larger
    /// ones stream through the banded resize, which never holds the whole image); nil, with
    /// nothing read, otherwise. The same samples as the Float path but for rounding.
    private func resizeBytes(_ decoder: ImageRowDecoder, list: StageList, target: (height: Int, width: Int),
                             context: PoolingContext) throws -> (Tensor, ImageMetadata)? {
        let (h, w, c) = (decoder.outputHeight, decoder.outputWidth, decoder.channels)
        guard !color.linear, c == 1 || c == 3, decoder.deliversBytes, h * w <= BandedDecoder.wholeImageLimit,
              list.stages.count == 1, case .once = list.stages[0].repetition,
              let resize = list.stages[0].op as? Resize else { return nil }
        let tensor = try decoder.readAllByteRows().withUnsafeBufferPointer {
            ByteResize.resize($0, height: h, width: w, channels: c, outHeight: target.height, outWidth: target.width,
                              rows: 0..<target.height, cols: 0..<target.width, filter: resize.filter, threads: context.threads)
        }
        return (tensor, try decoder.finish())
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
