import Foundation
import ImageTensor

extension ResampleCoefficients {
    /// The coefficients of output indices `range` only (same weights, same taps).
    /// - Precondition: `range` lies within `0..<outputLength`.
    init(_ full: ResampleCoefficients, outputs range: Range<Int>) {
        inputLength = full.inputLength
        outputLength = range.count
        stride = full.stride
        start = Array(full.start[range])
        count = Array(full.count[range])
        weights = Array(full.weights[(range.lowerBound * full.stride)..<(range.upperBound * full.stride)])
        maximumTaps = count.max() ?? 0
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
        let cache = CroppedCoefficientCache.shared
        let cols = cache.coefficients(input: input.width, output: out.width, filter: filter,
                                      outputs: x0..<(x0 + crop.width))
        // The same pass order as `ResampleKernel.resize` picks for the whole resize.
        let verticalFirst = ResampleKernel.verticalFirst(
            rows: ResampleCoefficients.cached(input: input.height, output: out.height, filter: filter),
            cols: ResampleCoefficients.cached(input: input.width, output: out.width, filter: filter),
            channels: input.channels)
        if verticalFirst {
            // One row more than the window when there is one: the horizontal pass takes its
            // vector path for a pixel only when a 4-lane load stays inside the buffer, so the
            // window's last row must not end the buffer unless it ends the whole resize too.
            let upper = min(out.height, y0 + crop.height + 1)
            let rows = cache.coefficients(input: input.height, output: out.height, filter: filter, outputs: y0..<upper)
            let tall = ResampleKernel.vertical(input, rowOffset: 0, rows: rows, threads: context.threads)
            return ResampleKernel.horizontal(tall, rowRange: 0..<crop.height, cols: cols, threads: context.threads)
        }
        let rows = cache.coefficients(input: input.height, output: out.height, filter: filter,
                                      outputs: y0..<(y0 + crop.height))
        let first = rows.start[0]
        let last = rows.start[rows.outputLength - 1] + rows.count[rows.outputLength - 1]
        let wide = ResampleKernel.horizontal(input, rowRange: first..<last, cols: cols, threads: context.threads)
        return ResampleKernel.vertical(wide, rowOffset: first, rows: rows, threads: context.threads)
    }
}

/// Coefficient tables of `resize | crop` by axis geometry, shared by every image of a run: a
/// dataset's images come in a few sizes, and computing a table (a `sin` per tap) costs about
/// as much as applying it. Holds at most `limit` tables (emptied when full). Thread-safe.
final class CroppedCoefficientCache: @unchecked Sendable {
    static let shared = CroppedCoefficientCache()
    private struct Key: Hashable {
        let input: Int, output: Int, filter: String, lower: Int, upper: Int
    }
    private let lock = NSLock()
    private var tables: [Key: ResampleCoefficients] = [:]
    private let limit = 1024

    /// The coefficients of `input → output` with `filter`, restricted to output indices `range`.
    func coefficients(input: Int, output: Int, filter: ResampleFilter, outputs range: Range<Int>) -> ResampleCoefficients {
        let key = Key(input: input, output: output, filter: filter.rawValue, lower: range.lowerBound, upper: range.upperBound)
        lock.lock()
        if let hit = tables[key] { lock.unlock(); return hit }
        lock.unlock()
        let made = ResampleCoefficients(ResampleCoefficients.cached(input: input, output: output, filter: filter), outputs: range)
        lock.lock()
        if tables.count >= limit { tables.removeAll(keepingCapacity: true) }
        tables[key] = made
        lock.unlock()
        return made
    }
}
