import ImageTensor

/// `lp(p, kernel, stride=kernel, ceil=false)`: PyTorch `lp_pool2d`, i.e.
/// `(avg_pool2d(x^p, kernel, stride, 0, ceil) * kh*kw)^(1/p)`.
///
/// As in PyTorch: `x^p` of a negative sample with non-integer `p` is NaN, an odd integer `p`
/// keeps the sign, and a negative window result with a non-integer `1/p` is NaN. In ceil
/// mode the clipped edge windows are averaged over their clipped size and then multiplied
/// by the full kernel area, so they read larger than a plain sum — PyTorch's behaviour.
public struct LpPool: PoolingOperation {
    public var name: String { "lp" }
    let p: Double
    let spec: SlidingWindowSpec

    init(_ args: BoundArguments) throws {
        p = args.real("p") ?? 1
        spec = try SlidingWindowSpec(args)
    }

    public var canonical: String { "lp(\(formatReal(p)), \(spec.canonicalArguments(withPadding: false)))" }
    public var mixesSamples: Bool { true }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try spec.checkedOutputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try spec.checkedPlan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let reducer = LpReducer(power: PowerFunction(p), root: PowerFunction(1.0 / p),
                                area: Float(spec.kernelH * spec.kernelW))
        return try spec.reduce(reducer, input, op: name, countPad: true, separable: false, threads: context.threads)
    }
}
