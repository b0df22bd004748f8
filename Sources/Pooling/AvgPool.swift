import ImageTensor

/// `avg(kernel, stride=kernel, padding=0, ceil=false, count_pad=true)`: PyTorch `avg_pool2d`.
///
/// Divisor: with `count_pad` the window clipped to the padded input (`min(start+k, n+p) -
/// start` per axis, ceil-mode edge windows included), else the in-image cells. With
/// `padding=same` padded cells are never counted. Sums run in PyTorch's CPU order (window
/// rows outer, columns inner, one sample at a time) in Float32, then divide once.
public struct AvgPool: PoolingOperation {
    public var name: String { "avg" }
    let spec: SlidingWindowSpec
    let countPad: Bool

    init(_ args: BoundArguments) throws {
        spec = try SlidingWindowSpec(args)
        countPad = args.bool("count_pad") ?? true
    }

    public var canonical: String { "avg(\(spec.canonicalArguments()), count_pad=\(countPad))" }
    public var mixesSamples: Bool { true }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try spec.checkedOutputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try spec.checkedPlan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try spec.reduce(AverageReducer(), input, op: name, countPad: countPad && spec.padding != .same,
                        separable: false, threads: context.threads)
    }
}
