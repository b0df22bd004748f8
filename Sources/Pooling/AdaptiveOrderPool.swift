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
    let height: Int, width: Int

    /// - Precondition: `height >= 1`, `width >= 1`.
    public init(order: Order, height: Int, width: Int) {
        precondition(height >= 1 && width >= 1, "adaptive output must be at least 1×1")
        self.order = order
        self.height = height
        self.width = width
    }

    public var name: String { "adaptive_\(order.rawValue)" }
    public var canonical: String { "\(name)(\(formatSize(height, width)))" }
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
        let rows = AxisWindows.adaptive(input: input.height, output: height)
        let cols = AxisWindows.adaptive(input: input.width, output: width)
        switch order {
        case .min:
            return reduceWindows(MinReducer(), input, rows: rows, cols: cols, threads: context.threads)
        case .median:
            return MedianKernel.apply(input, rows: rows, cols: cols, threads: context.threads)
        }
    }
}
