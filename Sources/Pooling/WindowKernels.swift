import ImageTensor

/// Chooses the kernel for a product-of-axes window op: fixed 2×2/stride 2 and 3×3/stride 2
/// loops over the windows that lie fully inside the input, the generic row-major fold for
/// the edge windows and every other shape, and for max/min a separable pass (exact: the
/// extremum of a rectangle is the extremum of its row extrema).
enum WindowKernels {
    /// Applies `reducer` over `rows` × `cols` windows. `separable` may only be set for
    /// reducers whose result does not depend on the fold order (max, min).
    static func apply<R: SampleReducer>(_ reducer: R, _ input: Tensor, rows: AxisWindows,
                                        cols: AxisWindows, kernelH: Int, kernelW: Int,
                                        strideH: Int, strideW: Int, separable: Bool,
                                        threads: Int) -> Tensor {
        let unitSteps = rows.step == 1 && cols.step == 1
        let fixed2 = unitSteps && kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2
        let fixed3 = unitSteps && kernelH == 3 && kernelW == 3 && strideH == 2 && strideW == 2
        if fixed2 || fixed3 {
            return fixedShape(reducer, input, rows: rows, cols: cols, kernel: fixed2 ? 2 : 3, threads: threads)
        }
        if separable && kernelH * kernelW > 1 {
            return SeparableExtremum.apply(reducer, input, rows: rows, cols: cols, threads: threads)
        }
        return reduceWindows(reducer, input, rows: rows, cols: cols, threads: threads)
    }

    /// The contiguous range of outputs whose windows hold all `kernel` taps.
    static func fullRange(_ axis: AxisWindows, kernel: Int) -> Range<Int> {
        guard let lo = axis.count.firstIndex(of: kernel),
              let last = axis.count.lastIndex(of: kernel) else { return 0..<0 }
        return lo..<(last + 1)
    }

    private static func fixedShape<R: SampleReducer>(_ reducer: R, _ input: Tensor, rows: AxisWindows,
                                                     cols: AxisWindows, kernel: Int, threads: Int) -> Tensor {
        let oh = rows.output, ow = cols.output, c = input.channels
        let inRowLength = input.width * c
        let fullCols = fullRange(cols, kernel: kernel)
        return Tensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                forEachRowBand(rows: oh, workPerRow: kernel * inRowLength, threads: threads) { band in
                    for oy in band {
                        let row = dst + oy * ow * c
                        guard rows.count[oy] == kernel, !fullCols.isEmpty else {
                            reduceRow(reducer, src: src, inRowLength: inRowLength, channels: c,
                                      rows: rows, cols: cols, oy: oy, oxRange: 0..<ow, dst: row)
                            continue
                        }
                        let top = src + rows.first[oy] * inRowLength
                        let firstX = cols.first[fullCols.lowerBound]
                        let outStart = row + fullCols.lowerBound * c
                        if kernel == 2 {
                            row2x2(reducer, top: top + firstX * c, rowLength: inRowLength, channels: c,
                                   count: fullCols.count, dst: outStart)
                        } else {
                            row3x3(reducer, top: top + firstX * c, rowLength: inRowLength, channels: c,
                                   count: fullCols.count, dst: outStart)
                        }
                        reduceRow(reducer, src: src, inRowLength: inRowLength, channels: c, rows: rows,
                                  cols: cols, oy: oy, oxRange: 0..<fullCols.lowerBound, dst: row)
                        reduceRow(reducer, src: src, inRowLength: inRowLength, channels: c, rows: rows,
                                  cols: cols, oy: oy, oxRange: fullCols.upperBound..<ow, dst: row)
                    }
                }
            }
        }
    }

    /// `count` outputs of full 2×2 stride-2 windows whose top-left sample is at `top`;
    /// samples folded in PyTorch's order `((a0 ⊕ a1) ⊕ b0) ⊕ b1`.
    @inline(__always)
    private static func row2x2<R: SampleReducer>(_ r: R, top: UnsafePointer<Float>, rowLength: Int,
                                                 channels c: Int, count: Int, dst: UnsafeMutablePointer<Float>) {
        let bottom = top + rowLength
        for ox in 0..<count {
            let base = 2 * ox * c
            for ch in 0..<c {
                let j = base + ch
                var acc = r.load(top[j])
                acc = r.combine(acc, r.load(top[j + c]))
                acc = r.combine(acc, r.load(bottom[j]))
                acc = r.combine(acc, r.load(bottom[j + c]))
                dst[ox * c + ch] = r.finish(acc, rowCount: 2, colCount: 2, rowExtent: 2, colExtent: 2)
            }
        }
    }

    /// `count` outputs of full 3×3 stride-2 windows, folded row-major.
    @inline(__always)
    private static func row3x3<R: SampleReducer>(_ r: R, top: UnsafePointer<Float>, rowLength: Int,
                                                 channels c: Int, count: Int, dst: UnsafeMutablePointer<Float>) {
        let mid = top + rowLength, bottom = mid + rowLength
        for ox in 0..<count {
            let base = 2 * ox * c
            for ch in 0..<c {
                let j = base + ch
                var acc = r.load(top[j])
                acc = r.combine(acc, r.load(top[j + c]))
                acc = r.combine(acc, r.load(top[j + 2 * c]))
                acc = r.combine(acc, r.load(mid[j]))
                acc = r.combine(acc, r.load(mid[j + c]))
                acc = r.combine(acc, r.load(mid[j + 2 * c]))
                acc = r.combine(acc, r.load(bottom[j]))
                acc = r.combine(acc, r.load(bottom[j + c]))
                acc = r.combine(acc, r.load(bottom[j + 2 * c]))
                dst[ox * c + ch] = r.finish(acc, rowCount: 3, colCount: 3, rowExtent: 3, colExtent: 3)
            }
        }
    }
}
