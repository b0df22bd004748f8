import ImageTensor

/// Lower-median selection over gathered window samples, for any windows (sliding, adaptive),
/// with a reused scratch buffer per row band; full 3×3 windows of a 3×3 kernel take a
/// 19-exchange selection network on every channel of a pixel at once.
enum MedianKernel {
    /// The lower median of every window's in-image samples.
    /// - Parameter kernel3x3: the windows are a 3×3 kernel's (so those with 3 taps on both
    ///   axes form one contiguous run per row); false for adaptive windows.
    static func apply(_ input: Tensor, rows: AxisWindows, cols: AxisWindows, kernel3x3: Bool = false,
                      threads: Int) -> Tensor {
        let oh = rows.output, ow = cols.output, c = input.channels
        let inRowLength = input.width * c
        let maxTaps = (rows.count.max() ?? 0) * (cols.count.max() ?? 0)
        let full3 = kernel3x3 && rows.step == 1 && cols.step == 1 ? WindowKernels.fullRange(cols, kernel: 3) : 0..<0
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                forEachRowBand(rows: oh, workPerRow: maxTaps * ow * c, threads: threads) { band in
                    var scratch = [Float](repeating: 0, count: max(1, maxTaps))
                    scratch.withUnsafeMutableBufferPointer { buf in
                        for oy in band {
                            let rowOut = dst + oy * ow * c
                            guard rows.count[oy] == 3 && c >= 2 && c <= 4 && full3.count >= 2 else {
                                medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                          oy: oy, oxRange: 0..<ow, dst: rowOut, scratch: buf.baseAddress!)
                                continue
                            }
                            let vectorEnd = full3.upperBound - 1
                            median3x3Run(src + rows.first[oy] * inRowLength, rowLength: inRowLength, channels: c,
                                         cols: cols, range: full3.lowerBound..<vectorEnd, dst: rowOut)
                            medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                      oy: oy, oxRange: 0..<full3.lowerBound, dst: rowOut, scratch: buf.baseAddress!)
                            medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                      oy: oy, oxRange: vectorEnd..<ow, dst: rowOut, scratch: buf.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// Output row `oy`, columns `oxRange`, into `dst` (which points at column 0): each
    /// window's in-image samples gathered into `scratch` and their lower median selected.
    /// - Precondition: `scratch` holds at least the largest window's tap count.
    @inline(__always)
    static func medianRow(src: UnsafePointer<Float>, inRowLength: Int, channels c: Int, rows: AxisWindows,
                          cols: AxisWindows, oy: Int, oxRange: Range<Int>, dst: UnsafeMutablePointer<Float>,
                          scratch s: UnsafeMutablePointer<Float>) {
        let y0 = rows.first[oy], rowCount = rows.count[oy], rowStep = rows.step * inRowLength
        let colStep = cols.step * c
        for ox in oxRange {
            let window = src + y0 * inRowLength + cols.first[ox] * c
            let colCount = cols.count[ox]
            for ch in 0..<c {
                var n = 0
                var row = window + ch
                for _ in 0..<rowCount {
                    var cell = row
                    for _ in 0..<colCount {
                        s[n] = cell.pointee; n += 1
                        cell += colStep
                    }
                    row += rowStep
                }
                dst[ox * c + ch] = lowerMedian(s, count: n)
            }
        }
    }
    /// Medians of full 3×3 windows for the output columns in `range`, every channel at once in
    /// 4 lanes (2…4 channels). Lanes past the pixel read the next window's samples and write
    /// the next output pixel; `range` excludes the run's last column, which the caller
    /// computes afterwards, so nothing is read or kept past it.
    @inline(__always)
    static func median3x3Run(_ top: UnsafePointer<Float>, rowLength: Int, channels c: Int,
                             cols: AxisWindows, range: Range<Int>, dst: UnsafeMutablePointer<Float>) {
        let mid = top + rowLength, bottom = mid + rowLength
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
        }
        for ox in range {
            let i = cols.first[ox] * c
            var p = (load(top + i), load(top + i + c), load(top + i + 2 * c),
                     load(mid + i), load(mid + i + c), load(mid + i + 2 * c),
                     load(bottom + i), load(bottom + i + c), load(bottom + i + 2 * c))
            @inline(__always) func sort(_ a: inout SIMD4<Float>, _ b: inout SIMD4<Float>) {
                // Masked blends: the standard library's pointwiseMin/Max are not inlined here.
                let less = b .< a
                let lo = a.replacing(with: b, where: less), hi = b.replacing(with: a, where: less)
                a = lo; b = hi
            }
            sort(&p.1, &p.2); sort(&p.4, &p.5); sort(&p.7, &p.8)
            sort(&p.0, &p.1); sort(&p.3, &p.4); sort(&p.6, &p.7)
            sort(&p.1, &p.2); sort(&p.4, &p.5); sort(&p.7, &p.8)
            sort(&p.0, &p.3); sort(&p.5, &p.8); sort(&p.4, &p.7)
            sort(&p.3, &p.6); sort(&p.1, &p.4); sort(&p.2, &p.5)
            sort(&p.4, &p.7); sort(&p.4, &p.2); sort(&p.6, &p.4)
            sort(&p.4, &p.2)
            UnsafeMutableRawPointer(dst + ox * c).storeBytes(of: p.4, as: SIMD4<Float>.self)
        }
    }

    /// The element of rank `(count-1)/2` of `s[0..<count]`; reorders `s`. NaN for `count == 0`.
    @inline(__always)
    static func lowerMedian(_ s: UnsafeMutablePointer<Float>, count: Int) -> Float {
        if count == 9 { return median9(s) }
        if count == 0 { return .nan }
        if count <= 32 {
            // Insertion sort: small windows fit in registers/cache.
            for i in 1..<max(1, count) {
                let v = s[i]
                var j = i - 1
                while j >= 0 && s[j] > v { s[j + 1] = s[j]; j -= 1 }
                s[j + 1] = v
            }
            return s[(count - 1) / 2]
        }
        return select(s, count: count, rank: (count - 1) / 2)
    }

    /// Median of 9 by Paeth's/Devillard's exchange network.
    @inline(__always)
    static func median9(_ s: UnsafeMutablePointer<Float>) -> Float {
        var p0 = s[0], p1 = s[1], p2 = s[2], p3 = s[3], p4 = s[4], p5 = s[5], p6 = s[6], p7 = s[7], p8 = s[8]
        @inline(__always) func sort(_ a: inout Float, _ b: inout Float) {
            let lo = min(a, b), hi = max(a, b); a = lo; b = hi
        }
        sort(&p1, &p2); sort(&p4, &p5); sort(&p7, &p8)
        sort(&p0, &p1); sort(&p3, &p4); sort(&p6, &p7)
        sort(&p1, &p2); sort(&p4, &p5); sort(&p7, &p8)
        sort(&p0, &p3); sort(&p5, &p8); sort(&p4, &p7)
        sort(&p3, &p6); sort(&p1, &p4); sort(&p2, &p5)
        sort(&p4, &p7); sort(&p4, &p2); sort(&p6, &p4)
        sort(&p4, &p2)
        _ = (p0, p1, p3, p5, p7, p8)
        return p4
    }

    /// Hoare quickselect (median-of-three pivot) for the element of the given rank.
    static func select(_ s: UnsafeMutablePointer<Float>, count: Int, rank: Int) -> Float {
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if s[mid] < s[lo] { swap(&s[mid], &s[lo]) }
            if s[hi] < s[lo] { swap(&s[hi], &s[lo]) }
            if s[hi] < s[mid] { swap(&s[hi], &s[mid]) }
            let pivot = s[mid]
            var i = lo, j = hi
            while i <= j {
                while s[i] < pivot { i += 1 }
                while s[j] > pivot { j -= 1 }
                if i <= j { swap(&s[i], &s[j]); i += 1; j -= 1 }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return s[rank] }
        }
        return s[rank]
    }
}
