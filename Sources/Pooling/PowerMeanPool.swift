import ImageTensor

/// `pmean(p, kernel, stride=kernel, padding=0, ceil=false)`: the power mean
/// `(mean of x^p)^(1/p)` over each window's in-image samples (padding only moves windows).
///
/// `p = 1` is computed by the `avg(count_pad=false)` kernel, so the two agree exactly.
/// Negative samples with a non-integer `p` give NaN (as `powf` does).
public struct PowerMeanPool: PoolingOperation {
    public var name: String { "pmean" }
    let p: Double
    let spec: SlidingWindowSpec

    init(_ args: BoundArguments) throws {
        p = args.real("p") ?? 1
        spec = try SlidingWindowSpec(args)
    }

    public var canonical: String { "pmean(\(formatReal(p)), \(spec.canonicalArguments()))" }
    public var mixesSamples: Bool { true }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try spec.checkedOutputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try spec.checkedPlan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        if p == 1 {
            return try spec.reduce(AverageReducer(), input, op: name, countPad: false,
                                   separable: false, threads: context.threads)
        }
        let reducer = PowerMeanReducer(power: PowerFunction(p), root: PowerFunction(1.0 / p))
        return try spec.reduce(reducer, input, op: name, countPad: false, separable: false, threads: context.threads)
    }
}
