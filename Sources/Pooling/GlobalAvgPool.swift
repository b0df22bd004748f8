import ImageTensor

/// `global_avg`: the mean of every channel over the whole image (1×1 output), like
/// `adaptive_avg_pool2d(x, 1)`. Summed in Float64 and rounded once, so the result is the
/// float32 rounding of the exact mean (to within one ulp) for images of any size.
public struct GlobalAvgPool: PoolingOperation {
    public var name: String { "global_avg" }
    init() {}
    public var canonical: String { "global_avg" }
    public var mixesSamples: Bool { true }

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
        let sums = GlobalReduction.reduce(input, threads: context.threads, maximum: false)
        let n = Double(input.height * input.width)
        return Tensor(height: 1, width: 1, channels: input.channels, data: sums.map { Float($0 / n) })
    }
}
