import ImageTensor

/// `adaptive_avg(size)`: PyTorch `adaptive_avg_pool2d`. Output cell `i` of an axis of
/// length `n` averages input `[floor(i*n/out), ceil((i+1)*n/out))`; the output may be larger
/// than the input. Sums in PyTorch's CPU order (rows outer, Float32).
public struct AdaptiveAvgPool: PoolingOperation {
    public var name: String { "adaptive_avg" }
    let grid: AdaptiveGrid

    init(_ args: BoundArguments) throws {
        guard let size = args.size("size") else {
            throw PoolingError.missingArgument(op: args.op, argument: "size")
        }
        grid = AdaptiveGrid(height: size.height, width: size.width)
    }

    public var canonical: String { "adaptive_avg(\(formatSize(grid.height, grid.width)))" }
    public var mixesSamples: Bool { true }

    public func outputSize(height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        try grid.outputSize(op: name, height: h, width: w)
    }

    public func plan(height h: Int, width w: Int) throws -> StagePlan {
        try grid.plan(op: name, height: h, width: w)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (rows, cols) = try grid.windows(op: name, for: input)
        return reduceWindows(AverageReducer(), input, rows: rows, cols: cols, threads: context.threads)
    }
}
