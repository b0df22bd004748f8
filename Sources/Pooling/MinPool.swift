import ImageTensor

/// `min(kernel, stride=kernel, padding=0, dilation=1, ceil=false)`: `-max_pool2d(-x)`
/// (padding acts as +∞; NaN propagates).
public struct MinPool: PoolingOperation {
    public var name: String { "min" }
    let spec: SlidingWindowSpec

    init(_ args: BoundArguments) throws { spec = try SlidingWindowSpec(args) }

    public var canonical: String { "min(\(spec.canonicalArguments(withDilation: true)))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try spec.checkedOutputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try spec.checkedPlan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try spec.reduce(MinReducer(), input, op: name, countPad: false,
                        separable: true, threads: context.threads)
    }
}
