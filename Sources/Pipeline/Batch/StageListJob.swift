import ImageCodecs
import ImageTensor
import Pooling

/// The job of `poolpipe run`: apply a stage list with colour options.
public struct StageListJob: ImageJob {
    public let stages: StageList
    public let color: ColorOptions

    public init(stages: StageList, color: ColorOptions = ColorOptions()) {
        self.stages = stages
        self.color = color
    }

    public var manifestStages: String { stages.canonical }

    public var manifestSettings: String { "alpha=\(color.alpha.rawValue) linear=\(color.linear)" }

    /// Streams the leading passes when no orientation has to be applied first; otherwise
    /// decodes whole, orients, then applies the list. Either way the output equals the list
    /// applied to the upright decoded image.
    public func run(decoder: ImageRowDecoder, autorotate: Bool, context: PoolingContext) throws -> StreamedOutput {
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
