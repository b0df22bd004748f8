import ImageTensor
import Pooling

/// The pooling op a thumbnail is reduced with (`poolpipe thumbnail --op`).
public enum ThumbnailOp: String, CaseIterable, Sendable {
    case avg, max, min, median

    /// Averaging ops may shrink a JPEG while decoding (DCT scaling averages too); order
    /// statistics never do.
    public var isAverage: Bool { self == .avg }
}

/// How `poolpipe thumbnail` takes an image to its size (PRODUCT.md §4).
///
/// The longest side becomes exactly `size`, the aspect ratio is kept (short side rounded,
/// at least 1), and smaller images are never enlarged. A JPEG is shrunk while decoding (DCT
/// scaling 1/2, 1/4, 1/8) when that leaves at least a factor of two for the pooling after
/// it; then `op(2, ceil=true)` runs while the longest side is at least `2 * size`, then an
/// adaptive pool gives the exact size.
public struct ThumbnailSpec: Sendable, Equatable, CustomStringConvertible {
    /// The longest side of the result.
    public var size: Int
    public var op: ThumbnailOp
    /// No DCT scaling: every sample of the source goes through the pooling.
    public var exact: Bool

    /// - Precondition: `size >= 1`.
    public init(size: Int, op: ThumbnailOp = .avg, exact: Bool = false) {
        precondition(size >= 1, "thumbnail size must be at least 1")
        self.size = size
        self.op = op
        self.exact = exact
    }

    /// The canonical description recorded in manifests and compared when resuming.
    public var description: String { "thumbnail(size=\(size), op=\(op.rawValue), exact=\(exact))" }

    /// The result's size for a source of `height × width`: the longest side becomes `size`
    /// (short side `round(short * size / long)`, at least 1); unchanged when the longest side
    /// is not larger than `size`.
    public func targetSize(height: Int, width: Int) -> (height: Int, width: Int) {
        let long = Swift.max(height, width)
        guard long > size else { return (height, width) }
        func scaled(_ side: Int) -> Int {
            side == long ? size : Swift.max(1, Int((Double(side) * Double(size) / Double(long)).rounded()))
        }
        return (scaled(height), scaled(width))
    }

    /// The JPEG DCT scale denominator for a source of `height × width`: the largest of 8, 4
    /// and 2 whose scaled longest side `ceil(long / d)` is still at least `2 * size`; 1 for
    /// order-statistic ops, `exact`, and images too small for it.
    public func dctDenominator(height: Int, width: Int) -> Int {
        guard op.isAverage, !exact else { return 1 }
        let long = Swift.max(height, width)
        for d in [8, 4, 2] where (long + d - 1) / d >= 2 * size { return d }
        return 1
    }

    /// The stage list from a decoded image of `height × width` (after any DCT scaling) to
    /// `target`: `op(2, ceil=true, until=2*size-1)` when the longest side is at least
    /// `2 * size`, then the adaptive pool to `target` unless the size is already right.
    public func stages(height: Int, width: Int, target: (height: Int, width: Int)) throws -> StageList {
        var stages: [Stage] = []
        var (h, w) = (height, width)
        if Swift.max(h, w) >= 2 * size {
            stages += try StageList.parse("\(op.rawValue)(2, ceil=true, until=\(2 * size - 1))").stages
            (h, w) = try StageList(stages: stages).outputSize(height: h, width: w)
        }
        if (h, w) != target {
            stages.append(try finalStage(target))
        }
        return StageList(stages: stages)
    }

    private func finalStage(_ target: (height: Int, width: Int)) throws -> Stage {
        let size = "\(target.height)x\(target.width)"
        switch op {
        case .avg: return try StageList.parse("adaptive_avg(\(size))").stages[0]
        case .max: return try StageList.parse("adaptive_max(\(size))").stages[0]
        case .min: return Stage(op: AdaptiveOrderPool(order: .min, height: target.height, width: target.width))
        case .median: return Stage(op: AdaptiveOrderPool(order: .median, height: target.height, width: target.width))
        }
    }
}
