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

    public func process(_ image: DecodedImage, context: PoolingContext) throws -> Tensor {
        try stages.apply(image.tensor, color: color, context: context)
    }
}
