import ImageTensor

/// `adaptive_max(size)`: PyTorch `adaptive_max_pool2d`. Output cell `i` of an axis of
/// length `n` is the maximum of input `[floor(i*n/out), ceil((i+1)*n/out))`; the output may be larger
/// than the input. NaN propagates.
public struct AdaptiveMaxPool: PoolingOperation {
    public var name: String { "adaptive_max" }
    let grid: AdaptiveGrid

    init(_ args: BoundArguments) throws {
        guard let size = args.size("size") else {
            throw PoolingError.missingArgument(op: args.op, argument: "size")
        }
        grid = AdaptiveGrid(height: size.height, width: size.width)
    }

    public var canonical: String { "adaptive_max(\(formatSize(grid.height, grid.width)))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        try grid.outputSize(op: name, height: h, width: w)
    }

    public func plan(height h: Int, width w: Int) throws -> StagePlan {
        try grid.plan(op: name, height: h, width: w)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (rows, cols) = try grid.windows(op: name, for: input)
        return reduceWindows(MaxReducer(), input, rows: rows, cols: cols, threads: context.threads)
    }
}
