import ImageTensor

/// `global_max`: the maximum of every channel over the whole image (1×1 output); NaN propagates.
public struct GlobalMaxPool: PoolingOperation {
    public var name: String { "global_max" }
    init() {}
    public var canonical: String { "global_max" }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        return (1, 1)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try requireNonEmpty(name, height: height, width: width)
        return GlobalReduction.plan(height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let maxima = GlobalReduction.reduce(input, threads: context.threads, maximum: true)
        return Tensor(height: 1, width: 1, channels: input.channels, data: maxima.map { Float($0) })
    }
}
