import Foundation
import ImageTensor

extension ResampleCoefficients {
    /// The coefficients of output indices `range` only (same weights, same taps).
    /// - Precondition: `range` lies within `0..<outputLength`.
    init(_ full: ResampleCoefficients, outputs range: Range<Int>) {
        self.init(inputLength: full.inputLength, stride: full.stride, start: Array(full.start[range]),
                  count: Array(full.count[range]),
                  weights: Array(full.weights[(range.lowerBound * full.stride)..<(range.upperBound * full.stride)]))
    }
}

extension Resize {
    /// `crop.apply(resize.apply(input))` without computing the resized samples the crop drops:
    /// the same coefficients, restricted to the window's rows and columns, so the result has
    /// the same bits. nil when the fused path does not apply (an axis the resize leaves
    /// unchanged), and the caller runs the two stages one after the other.
    /// - Throws: what `outputSize` and `crop.origin` throw.
    public func applyCropped(_ input: Tensor, crop: Crop, context: PoolingContext) throws -> Tensor? {
        let out = try outputSize(height: input.height, width: input.width)
        guard out.height != input.height, out.width != input.width else { return nil }
        let (y0, x0) = try crop.origin(height: out.height, width: out.width)
        let key = FusedResizePlan.Key(inputHeight: input.height, inputWidth: input.width, outputHeight: out.height,
                                      outputWidth: out.width, top: y0, left: x0, height: crop.height,
                                      width: crop.width, channels: input.channels, filter: filter)
        let plan = FusedResizePlan.cache.plan(key)
        if plan.verticalFirst {
            let tall = ResampleKernel.vertical(input, rowOffset: 0, rows: plan.rows, threads: context.threads)
            return ResampleKernel.horizontal(tall, rowRange: 0..<crop.height, cols: plan.cols, threads: context.threads)
        }
        let rows = plan.rows
        let first = rows.start[0]
        let last = rows.start[rows.outputLength - 1] + rows.count[rows.outputLength - 1]
        let wide = ResampleKernel.horizontal(input, rowRange: first..<last, cols: plan.cols, threads: context.threads)
        return ResampleKernel.vertical(wide, rowOffset: first, rows: rows, threads: context.threads)
    }
}

/// How `Resize.applyCropped` runs for one geometry: the pass order `ResampleKernel.resize`
/// picks for the whole resize, and the coefficient tables restricted to the window. With the
/// vertical pass first, the row table keeps one row more than the window when there is one:
/// the horizontal pass takes its vector path for a pixel only when a 4-lane load stays
/// inside the buffer, so the window's last row must not end the buffer unless it ends the
/// whole resize too.
struct FusedResizePlan: Sendable {
    struct Key: Hashable, Sendable {
        let inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int
        let top: Int, left: Int, height: Int, width: Int, channels: Int
        let filter: ResampleFilter
    }
    let verticalFirst: Bool
    let rows: ResampleCoefficients
    let cols: ResampleCoefficients

    init(_ k: Key) {
        let fullRows = ResampleCoefficients.cached(input: k.inputHeight, output: k.outputHeight, filter: k.filter)
        let fullCols = ResampleCoefficients.cached(input: k.inputWidth, output: k.outputWidth, filter: k.filter)
        verticalFirst = ResampleKernel.verticalFirst(rows: fullRows, cols: fullCols, channels: k.channels)
        let upper = verticalFirst ? min(k.outputHeight, k.top + k.height + 1) : k.top + k.height
        rows = ResampleCoefficients(fullRows, outputs: k.top..<upper)
        cols = ResampleCoefficients(fullCols, outputs: k.left..<(k.left + k.width))
    }

    /// Plans by geometry, shared by every image of a run: a dataset's images come in a few
    /// sizes, and computing the tables (a `sin` per tap) costs about as much as applying
    /// them. At most 1024 plans (emptied when full). Thread-safe.
    static let cache = Cache()

    final class Cache: Sendable {
        private let plans = Locked<[Key: FusedResizePlan]>([:])

        func plan(_ key: Key) -> FusedResizePlan {
            if let hit = plans.withLock({ $0[key] }) { return hit }
            let made = FusedResizePlan(key)  // outside the lock: a sin per tap
            plans.withLock {
                if $0.count >= 1024 { $0.removeAll(keepingCapacity: true) }
                $0[key] = made
            }
            return made
        }
    }
}
