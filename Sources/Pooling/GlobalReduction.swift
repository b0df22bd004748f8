import ImageTensor

/// Fixed blocks of rows for the global reductions: partial results are combined in block
/// order, so the result does not depend on the thread count.
enum GlobalReduction {
    static let blockRows = 64

    /// Per-channel sums (Float64) and maxima over the whole tensor.
    static func reduce(_ input: Tensor, threads: Int, maximum: Bool) -> [Double] {
        let c = input.channels, rowLength = input.width * c
        let blocks = (input.height + blockRows - 1) / blockRows
        var partials = [Double](repeating: maximum ? -.infinity : 0, count: blocks * c)
        input.data.withUnsafeBufferPointer { inBuf in
            partials.withUnsafeMutableBufferPointer { partBuf in
                let src = inBuf.baseAddress!, part = partBuf.baseAddress!
                forEachRowBand(rows: blocks, workPerRow: blockRows * rowLength, threads: threads) { band in
                    for b in band {
                        let acc = part + b * c
                        for y in (b * blockRows)..<min(input.height, (b + 1) * blockRows) {
                            let row = src + y * rowLength
                            for x in 0..<input.width {
                                for ch in 0..<c {
                                    let v = Double(row[x * c + ch])
                                    if maximum {
                                        if v > acc[ch] || v.isNaN { acc[ch] = v }
                                    } else {
                                        acc[ch] += v
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var total = [Double](repeating: maximum ? -.infinity : 0, count: c)
        for b in 0..<blocks {
            for ch in 0..<c {
                let v = partials[b * c + ch]
                if maximum {
                    if v > total[ch] || v.isNaN { total[ch] = v }
                } else {
                    total[ch] += v
                }
            }
        }
        return total
    }

    static func plan(height: Int, width: Int) -> StagePlan {
        StagePlan(rows: AxisPlan(input: height, output: 1), cols: AxisPlan(input: width, output: 1))
    }
}
