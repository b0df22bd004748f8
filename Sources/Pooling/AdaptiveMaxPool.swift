import ImageTensor

/// `adaptive_max(size)`: PyTorch `adaptive_max_pool2d`. Output cell `i` of an axis of
/// length `n` is the maximum of input `[floor(i*n/out), ceil((i+1)*n/out))`; the output may be larger
/// than the input. NaN propagates.
public struct AdaptiveMaxPool: PoolingOperation {
    public var name: String { "adaptive_max" }
    let height: Int, width: Int

    init(_ args: BoundArguments) throws {
        guard let size = args.size("size") else {
            throw PoolingError.missingArgument(op: args.op, argument: "size")
        }
        height = size.height; width = size.width
    }

    public var canonical: String { "adaptive_max(\(formatSize(height, width)))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        try requireNonEmpty(name, height: h, width: w)
        return (height, width)
    }

    public func plan(height h: Int, width w: Int) throws -> StagePlan {
        try requireNonEmpty(name, height: h, width: w)
        return StagePlan(rows: AxisWindows.adaptive(input: h, output: height).plan,
                         cols: AxisWindows.adaptive(input: w, output: width).plan)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        return reduceWindows(MaxReducer(), input,
                             rows: .adaptive(input: input.height, output: height),
                             cols: .adaptive(input: input.width, output: width),
                             threads: context.threads)
    }
}
