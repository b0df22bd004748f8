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
        if input.channels == 3 || input.channels == 4 {
            return AdaptiveAverageKernel.pixels(input, rows: rows, cols: cols, threads: context.threads)
        }
        return reduceWindows(AverageReducer(), input, rows: rows, cols: cols, threads: context.threads)
    }
}

/// Adaptive averaging of RGB/RGBA pixels with one 4-lane vector per pixel: each lane is one
/// channel, folded over the window rows outer and taps inner and divided once by the cell
/// count — per channel exactly the scalar fold's operations, so the same bits.
enum AdaptiveAverageKernel {
    static func pixels(_ input: Tensor, rows: AxisWindows, cols: AxisWindows, threads: Int) -> Tensor {
        let oh = rows.output, ow = cols.output, c = input.channels
        let inRowLength = input.width * c
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                // A 4-lane load at a pixel reads c samples of it plus, for RGB, one beyond.
                let lastVectorStart = src + inBuf.count - 4
                forEachRowBand(rows: oh, workPerRow: (rows.count.max() ?? 1) * inRowLength, threads: threads) { band in
                    cols.first.withUnsafeBufferPointer { firsts in
                        cols.count.withUnsafeBufferPointer { counts in
                            for oy in band {
                                let y0 = rows.first[oy], rowCount = rows.count[oy]
                                let rowOut = dst + oy * ow * c
                                for ox in 0..<ow {
                                    let colCount = counts[ox]
                                    let window = src + y0 * inRowLength + firsts[ox] * c
                                    let lastTap = window + (rowCount - 1) * inRowLength + (colCount - 1) * c
                                    let o = rowOut + ox * c
                                    guard lastTap <= lastVectorStart else {
                                        scalar(window, rowCount: rowCount, colCount: colCount, channels: c,
                                               rowLength: inRowLength, dst: o)
                                        continue
                                    }
                                    var acc = c == 3
                                        ? fold(window, rowCount: rowCount, colCount: colCount, channels: 3, rowLength: inRowLength)
                                        : fold(window, rowCount: rowCount, colCount: colCount, channels: 4, rowLength: inRowLength)
                                    acc /= SIMD4(repeating: Float(rowCount * colCount))
                                    o[0] = acc[0]; o[1] = acc[1]; o[2] = acc[2]
                                    if c == 4 { o[3] = acc[3] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The window's pixels summed rows outer, taps inner, from zero. Windows one to three
    /// pixels wide (every window when the shrink is below 2×, as at a thumbnail's last
    /// step) are unrolled; the additions and their order are the same either way.
    @inline(__always)
    private static func fold(_ window: UnsafePointer<Float>, rowCount: Int, colCount: Int, channels c: Int,
                             rowLength: Int) -> SIMD4<Float> {
        @inline(__always) func tap(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
        }
        var acc = SIMD4<Float>(repeating: 0)
        var row = window
        switch colCount {
        case 1:
            for _ in 0..<rowCount { acc += tap(row); row += rowLength }
        case 2:
            for _ in 0..<rowCount { acc += tap(row); acc += tap(row + c); row += rowLength }
        case 3:
            for _ in 0..<rowCount { acc += tap(row); acc += tap(row + c); acc += tap(row + 2 * c); row += rowLength }
        default:
            for _ in 0..<rowCount {
                var cell = row
                for _ in 0..<colCount { acc += tap(cell); cell += c }
                row += rowLength
            }
        }
        return acc
    }

    /// The same fold, one channel at a time (for windows whose vector load would pass the end).
    private static func scalar(_ window: UnsafePointer<Float>, rowCount: Int, colCount: Int, channels c: Int,
                               rowLength: Int, dst: UnsafeMutablePointer<Float>) {
        for ch in 0..<c {
            var acc: Float = 0
            for r in 0..<rowCount {
                for k in 0..<colCount { acc += window[r * rowLength + k * c + ch] }
            }
            dst[ch] = acc / Float(rowCount * colCount)
        }
    }
}
