import ImageTensor

/// Max/min pooling as two passes: the extremum over each window's columns for every input
/// row a band needs, then the extremum over the window's rows of those row results. Exact
/// (max and min do not depend on grouping) and O(kh + kw) per output instead of O(kh·kw).
enum SeparableExtremum {
    /// Output rows per scratch block, bounding scratch to `blockRows·kh` rows of `ow·c`.
    static let blockRows = 16

    static func apply<R: SampleReducer>(_ reducer: R, _ input: Tensor, rows: AxisWindows,
                                        cols: AxisWindows, threads: Int) -> Tensor {
        let oh = rows.output, ow = cols.output, c = input.channels
        let inRowLength = input.width * c, outRowLength = ow * c
        let identity = reducer.identity
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                let work = (rows.count.max() ?? 1) * inRowLength
                forEachRowBand(rows: oh, workPerRow: work, threads: threads) { band in
                    var scratch = [Float]()
                    var block = band.lowerBound
                    while block < band.upperBound {
                        let blockEnd = min(band.upperBound, block + blockRows)
                        // Input rows this block touches.
                        var yLo = Int.max, yHi = Int.min
                        for oy in block..<blockEnd where rows.count[oy] > 0 {
                            yLo = min(yLo, rows.first[oy])
                            yHi = max(yHi, rows.first[oy] + (rows.count[oy] - 1) * rows.step)
                        }
                        let span = yHi >= yLo ? yHi - yLo + 1 : 0
                        if scratch.count < span * outRowLength {
                            scratch = [Float](repeating: 0, count: span * outRowLength)
                        }
                        scratch.withUnsafeMutableBufferPointer { tmpBuf in
                            let tmp = tmpBuf.baseAddress!
                            for r in 0..<span {
                                let inRow = src + (yLo + r) * inRowLength
                                let hRow = tmp + r * outRowLength
                                for ox in 0..<ow {
                                    let acc = hRow + ox * c
                                    for ch in 0..<c { acc[ch] = identity }
                                    var x = cols.first[ox]
                                    for _ in 0..<cols.count[ox] {
                                        let cell = inRow + x * c
                                        for ch in 0..<c { acc[ch] = reducer.combine(acc[ch], cell[ch]) }
                                        x += cols.step
                                    }
                                }
                            }
                            for oy in block..<blockEnd {
                                let outRow = dst + oy * outRowLength
                                for i in 0..<outRowLength { outRow[i] = identity }
                                var y = rows.first[oy]
                                for _ in 0..<rows.count[oy] {
                                    let hRow = tmp + (y - yLo) * outRowLength
                                    for i in 0..<outRowLength { outRow[i] = reducer.combine(outRow[i], hRow[i]) }
                                    y += rows.step
                                }
                            }
                        }
                        block = blockEnd
                    }
                }
            }
        }
    }
}
