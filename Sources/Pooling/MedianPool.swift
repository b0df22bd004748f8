import ImageTensor

/// `median(kernel, stride=kernel, padding=0, ceil=false)`: the lower median (element
/// `(n-1)/2` in ascending order) of each window's `n` in-image samples, per channel.
/// Padding only moves windows; padded cells are never samples. NaN samples order unspecified.
public struct MedianPool: PoolingOperation {
    public var name: String { "median" }
    let spec: SlidingWindowSpec

    init(_ args: BoundArguments) throws { spec = try SlidingWindowSpec(args) }

    public var canonical: String { "median(\(spec.canonicalArguments()))" }
    public var mixesSamples: Bool { false }

    public func outputSize(height: Int, width: Int) throws -> (height: Int, width: Int) {
        try spec.checkedOutputSize(op: name, height: height, width: width)
    }

    public func plan(height: Int, width: Int) throws -> StagePlan {
        try spec.checkedPlan(op: name, height: height, width: width)
    }

    public func apply(_ input: Tensor, context: PoolingContext) throws -> Tensor {
        try requireNonEmpty(name, height: input.height, width: input.width)
        let (rows, cols) = try spec.windows(op: name, height: input.height, width: input.width, countPad: false)
        return MedianKernel.apply(input, rows: rows, cols: cols, threads: context.threads)
    }
}

/// Lower-median selection over gathered window samples, with a reused scratch buffer per
/// row band and a 19-exchange selection network for full 3×3 windows.
enum MedianKernel {
    static func apply(_ input: Tensor, rows: AxisWindows, cols: AxisWindows, threads: Int) -> Tensor {
        let oh = rows.output, ow = cols.output, c = input.channels
        let inRowLength = input.width * c
        let maxTaps = (rows.count.max() ?? 0) * (cols.count.max() ?? 0)
        let full3 = rows.step == 1 && cols.step == 1 ? WindowKernels.fullRange(cols, kernel: 3) : 0..<0
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                forEachRowBand(rows: oh, workPerRow: maxTaps * ow * c, threads: threads) { band in
                    var scratch = [Float](repeating: 0, count: max(1, maxTaps))
                    scratch.withUnsafeMutableBufferPointer { buf in
                        let s = buf.baseAddress!
                        for oy in band {
                            var vectorEnd = 0
                            if rows.count[oy] == 3 && c >= 2 && c <= 4 && full3.count >= 2 {
                                vectorEnd = full3.upperBound - 1
                                median3x3Run(src + rows.first[oy] * inRowLength, rowLength: inRowLength,
                                             channels: c, cols: cols, range: full3.lowerBound..<vectorEnd,
                                             dst: dst + oy * ow * c)
                            }
                            for ox in 0..<ow where vectorEnd == 0 || ox < full3.lowerBound || ox >= vectorEnd {
                                for ch in 0..<c {
                                    var n = 0
                                    var y = rows.first[oy]
                                    for _ in 0..<rows.count[oy] {
                                        let row = src + y * inRowLength + ch
                                        var x = cols.first[ox]
                                        for _ in 0..<cols.count[ox] {
                                            s[n] = row[x * c]; n += 1
                                            x += cols.step
                                        }
                                        y += rows.step
                                    }
                                    dst[(oy * ow + ox) * c + ch] = lowerMedian(s, count: n)
                                }
                            }
                        }
                    }
                }
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
