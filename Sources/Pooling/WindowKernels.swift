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
        return pooledTensor(height: oh, width: ow, channels: c) { out in
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

    @inline(__always)
    private static func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func store4(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }

    /// `count` outputs of full 2×2 stride-2 windows whose top-left sample is at `top`;
    /// samples folded in PyTorch's order `((a0 ⊕ a1) ⊕ b0) ⊕ b1` for every channel.
    ///
    /// Vector paths (reducers whose `load` is the identity): with 2…4 channels one output
    /// pixel per step in 4 lanes — lanes past the pixel read the next window's samples and
    /// write the next output pixel, which the following step overwrites; the last pixel of
    /// the run is done by the scalar loop so nothing is read or written past it. With 1
    /// channel, 4 outputs per step from the even/odd halves of 8 samples.
    @inline(__always)
    static func row2x2<R: SampleReducer>(_ r: R, top: UnsafePointer<Float>, rowLength: Int,
                                                 channels c: Int, count: Int, dst: UnsafeMutablePointer<Float>) {
        let bottom = top + rowLength
        var ox = 0
        if r.loadsIdentically && c >= 2 && c <= 4 {
            while ox + 1 < count {
                let i = 2 * ox * c
                var acc = load4(top + i)
                acc = r.combine(acc, load4(top + i + c))
                acc = r.combine(acc, load4(bottom + i))
                acc = r.combine(acc, load4(bottom + i + c))
                store4(r.finishFull(acc, taps: 4), dst + ox * c)
                ox += 1
            }
        } else if r.loadsIdentically && c == 1 {
            while ox + 4 <= count {
                let a = load8(top + 2 * ox), b = load8(bottom + 2 * ox)
                var acc = a.evenHalf
                acc = r.combine(acc, a.oddHalf)
                acc = r.combine(acc, b.evenHalf)
                acc = r.combine(acc, b.oddHalf)
                store4(r.finishFull(acc, taps: 4), dst + ox)
                ox += 4
            }
        }
        while ox < count {
            let base = 2 * ox * c
            for ch in 0..<c {
                let j = base + ch
                var acc = r.load(top[j])
                acc = r.combine(acc, r.load(top[j + c]))
                acc = r.combine(acc, r.load(bottom[j]))
                acc = r.combine(acc, r.load(bottom[j + c]))
                dst[ox * c + ch] = r.finish(acc, rowCount: 2, colCount: 2, rowExtent: 2, colExtent: 2)
            }
            ox += 1
        }
    }

    /// `count` outputs of full 3×3 stride-2 windows, folded row-major; vector paths as in
    /// `row2x2` (1 channel: 4 outputs per step, the third tap from a load shifted by 2).
    @inline(__always)
    private static func row3x3<R: SampleReducer>(_ r: R, top: UnsafePointer<Float>, rowLength: Int,
                                                 channels c: Int, count: Int, dst: UnsafeMutablePointer<Float>) {
        let mid = top + rowLength, bottom = mid + rowLength
        var ox = 0
        if r.loadsIdentically && c >= 2 && c <= 4 {
            while ox + 1 < count {
                let i = 2 * ox * c
                var acc = load4(top + i)
                acc = r.combine(acc, load4(top + i + c))
                acc = r.combine(acc, load4(top + i + 2 * c))
                acc = r.combine(acc, load4(mid + i))
                acc = r.combine(acc, load4(mid + i + c))
                acc = r.combine(acc, load4(mid + i + 2 * c))
                acc = r.combine(acc, load4(bottom + i))
                acc = r.combine(acc, load4(bottom + i + c))
                acc = r.combine(acc, load4(bottom + i + 2 * c))
                store4(r.finishFull(acc, taps: 9), dst + ox * c)
                ox += 1
            }
        } else if r.loadsIdentically && c == 1 {
            while ox + 5 <= count {
                let i = 2 * ox
                let t0 = load8(top + i), t1 = load8(top + i + 2)
                let m0 = load8(mid + i), m1 = load8(mid + i + 2)
                let b0 = load8(bottom + i), b1 = load8(bottom + i + 2)
                var acc = t0.evenHalf
                acc = r.combine(acc, t0.oddHalf)
                acc = r.combine(acc, t1.evenHalf)
                acc = r.combine(acc, m0.evenHalf)
                acc = r.combine(acc, m0.oddHalf)
                acc = r.combine(acc, m1.evenHalf)
                acc = r.combine(acc, b0.evenHalf)
                acc = r.combine(acc, b0.oddHalf)
                acc = r.combine(acc, b1.evenHalf)
                store4(r.finishFull(acc, taps: 9), dst + ox)
                ox += 4
            }
        }
        while ox < count {
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
            ox += 1
        }
    }
}
