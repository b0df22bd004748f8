import ImageTensor

/// `max(kernel, stride=kernel, padding=0, dilation=1, ceil=false)`: PyTorch `max_pool2d`
/// (padding acts as −∞; NaN propagates).
public struct MaxPool: PoolingOperation {
    public var name: String { "max" }
    let spec: SlidingWindowSpec

    init(_ args: BoundArguments) throws { spec = try SlidingWindowSpec(args) }

    public var canonical: String { "max(\(spec.canonicalArguments(withDilation: true)))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: height, width: width)
        return try spec.outputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try requireNonEmpty(name, height: height, width: width)
        return try spec.plan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let (rows, cols) = try spec.windows(op: name, height: input.height, width: input.width, countPad: false)
        return WindowKernels.apply(MaxReducer(), input, rows: rows, cols: cols,
                                   kernelH: spec.kernelH, kernelW: spec.kernelW,
                                   strideH: spec.strideH, strideW: spec.strideW,
                                   separable: true, threads: context.threads)
    }
}
