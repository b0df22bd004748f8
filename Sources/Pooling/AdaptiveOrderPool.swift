import ImageTensor

/// Adaptive windows (PyTorch's rule: cell `i` of `out` covers `[floor(i*n/out),
/// ceil((i+1)*n/out))`) reduced by their minimum or lower median.
///
/// Not a stage-language op: it is the exact-size last step of `poolpipe thumbnail --op min`
/// and `--op median`, the counterpart of `adaptive_max` for those orders.
public struct AdaptiveOrderPool: PoolingOperation {
    /// The order statistic a window is reduced to.
    public enum Order: String, Sendable { case min, median }

    public let order: Order
    let grid: AdaptiveGrid

    /// - Precondition: `height >= 1`, `width >= 1`.
    public init(order: Order, height: Int, width: Int) {
        precondition(height >= 1 && width >= 1, "adaptive output must be at least 1×1")
        self.order = order
        self.grid = AdaptiveGrid(height: height, width: width)
    }

    public var name: String { "adaptive_\(order.rawValue)" }
    public var canonical: String { "\(name)(\(formatSize(grid.height, grid.width)))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height h: Int, width w: Int) throws -> (height: Int, width: Int) {
        try grid.outputSize(op: name, height: h, width: w)
    }

    public func plan(height h: Int, width w: Int) throws -> StagePlan {
        try grid.plan(op: name, height: h, width: w)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        let (rows, cols) = try grid.windows(op: name, for: input)
        switch order {
        case .min: return reduceWindows(MinReducer(), input, rows: rows, cols: cols, threads: context.threads)
        case .median: return MedianKernel.apply(input, rows: rows, cols: cols, threads: context.threads)
        }
    }
}
