import ImageTensor

/// The vector of `MedianFilter`: one sample per lane. Four lanes fill an SSE register, the
/// widest Swift targets on x86-64 without per-function CPU features.
typealias MedianLanes = SIMD4<Float>

/// Stride-1 `median` with a square 3×3 or 5×5 kernel by sorted columns and selection
/// networks (`MedianNetworks`), on the interleaved samples of a row: sample `j` of an output
/// row is the median of the samples `j + base + dx * channels` of the window's rows, so the
/// lanes of a vector are consecutive samples whatever the channel count.
///
/// Per output row, in tiles of `tile` samples: each input position's column (the window's
/// in-image rows at that position) is sorted once and kept in planes (rank r in plane r),
/// shared by the `k` outputs that see it. 3×3: the median comes from the three sorted
/// columns directly. 5×5: adjacent columns are merged into sorted pairs (each shared by two
/// outputs), and the median is selected from two pairs and a fifth column.
///
/// Windows that hang over padding vertically keep the lower median of their in-image
/// samples: the missing rows become sentinels that shift the rank (`MedianNetworks`); rows
/// with fewer in-image rows than the networks take, and the columns whose windows hang over
/// the left or right edge, go to the gathering `MedianKernel`. Output rows are split into
/// bands over the threads; each band has one scratch buffer.
enum MedianFilter {
    /// Floats per scratch plane: a constant, so a network addresses every plane from one
    /// register; a 5×5 tile's 15 planes take 15 KiB of L1 cache. A tile is the plane less
    /// the `(k-1) * channels` samples its windows reach past its last output.
    @inline(__always) static var plane: Int { 256 }

    /// Whether `kernel`×`kernel` windows at stride 1 have a filter here.
    static func handles(kernelH: Int, kernelW: Int, strideH: Int, strideW: Int) -> Bool {
        kernelH == kernelW && (kernelH == 3 || kernelH == 5) && strideH == 1 && strideW == 1
    }

    /// The lower median of every window's in-image samples.
    /// - Precondition: `rows` and `cols` are the sliding windows (step 1) of a stride-1
    ///   `kernel`×`kernel` median on `input`, with `handles(...)` true.
    static func apply(_ input: Tensor, rows: AxisWindows, cols: AxisWindows, kernel k: Int, threads: Int) -> Tensor {
        let oh = rows.output, ow = cols.output, c = input.channels
        let inRowLength = input.width * c
        let full = WindowKernels.fullRange(cols, kernel: k)
        // Output sample j of a full window reads input sample j + base + dx * c.
        let base = full.isEmpty ? 0 : (cols.first[full.lowerBound] - full.lowerBound) * c
        let span = full.count * c
        let tile = plane - (k - 1) * c
        let planes = k == 5 ? 15 : 3
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                forEachRowBand(rows: oh, workPerRow: k * k * ow * c, threads: threads) { band in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: planes * plane)
                    defer { scratch.deallocate() }
                    var gather = [Float](repeating: 0, count: k * k)
                    gather.withUnsafeMutableBufferPointer { gathered in
                        for oy in band {
                            let rowOut = dst + oy * ow * c
                            let inRows = rows.count[oy]
                            guard span >= MedianLanes.scalarCount, tile >= MedianLanes.scalarCount, inRows >= (k == 5 ? 3 : 2) else {
                                MedianKernel.medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows,
                                                       cols: cols, oy: oy, oxRange: 0..<ow, dst: rowOut,
                                                       scratch: gathered.baseAddress!)
                                continue
                            }
                            let top = src + rows.first[oy] * inRowLength
                            let outStart = full.lowerBound * c
                            var j0 = 0
                            while j0 < span {
                                // The last tile moves back to hold a whole vector (recomputed samples agree).
                                let j1 = min(j0 + tile, span)
                                let start = min(j0, j1 - MedianLanes.scalarCount)
                                let rowsIn = top + outStart + base + start
                                if k == 3 {
                                    filter3(rowsIn, rowLength: inRowLength, inRows: inRows, channels: c,
                                            count: j1 - start, scratch: scratch, dst: rowOut + outStart + start)
                                } else {
                                    filter5(rowsIn, rowLength: inRowLength, inRows: inRows, channels: c,
                                            count: j1 - start, scratch: scratch, dst: rowOut + outStart + start)
                                }
                                j0 = j1
                            }
                            MedianKernel.medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                                   oy: oy, oxRange: 0..<full.lowerBound, dst: rowOut, scratch: gathered.baseAddress!)
                            MedianKernel.medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                                   oy: oy, oxRange: full.upperBound..<ow, dst: rowOut, scratch: gathered.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with vector offsets covering `0..<count`, the last one moved back to end
    /// at `count` (it may overlap the one before).
    /// - Precondition: `count >= MedianLanes.scalarCount`.
    @inline(__always)
    static func forEachVector(_ count: Int, _ body: (Int) -> Void) {
        let lanes = MedianLanes.scalarCount
        var q = 0
        while q + lanes < count {
            body(q)
            q += lanes
        }
        body(count - lanes)
    }

    /// `count` outputs of 3×3 windows whose in-image rows (`inRows`, 2 or 3) start at
    /// `rowsIn`, first sample of the leftmost window.
    @inline(__always)
    static func filter3(_ rowsIn: UnsafePointer<Float>, rowLength: Int, inRows: Int, channels c: Int, count: Int,
                        scratch: UnsafeMutablePointer<Float>, dst: UnsafeMutablePointer<Float>) {
        typealias N = MedianNetworks
        let r1 = rowsIn + rowLength, r2 = r1 + rowLength
        if inRows == 3 {
            forEachVector(count + 2 * c) { q in
                var a = N.load(rowsIn + q), b = N.load(r1 + q), d = N.load(r2 + q)
                N.sort3(&a, &b, &d)
                N.store(a, scratch + q); N.store(b, scratch + plane + q); N.store(d, scratch + 2 * plane + q)
            }
            forEachVector(count) { q in N.store(N.median3x3(scratch + q, step: c, plane: plane), dst + q) }
        } else {
            forEachVector(count + 2 * c) { q in
                var a = N.load(rowsIn + q), b = N.load(r1 + q)
                N.sort2(&a, &b)
                N.store(a, scratch + q); N.store(b, scratch + plane + q)
            }
            forEachVector(count) { q in N.store(N.rank2OfPairs(scratch + q, step: c, plane: plane), dst + q) }
        }
    }

    /// `count` outputs of 5×5 windows whose in-image rows (`inRows`, 3…5) start at `rowsIn`,
    /// first sample of the leftmost window. Columns take planes 0…4 of `scratch`, pairs 5…14.
    /// With 4 rows the missing one is +inf (rank 4 of each column); with 3, one row of -inf
    /// and one of +inf (ranks 0 and 4).
    @inline(__always)
    static func filter5(_ rowsIn: UnsafePointer<Float>, rowLength: Int, inRows: Int, channels c: Int, count: Int,
                        scratch: UnsafeMutablePointer<Float>, dst: UnsafeMutablePointer<Float>) {
        typealias N = MedianNetworks
        let r1 = rowsIn + rowLength, r2 = r1 + rowLength, r3 = r2 + rowLength, r4 = r3 + rowLength
        let columns = scratch, pairs = scratch + 5 * plane
        let high = MedianLanes(repeating: .infinity), low = MedianLanes(repeating: -.infinity)
        switch inRows {
        case 5:
            forEachVector(count + 4 * c) { q in
                var a = N.load(rowsIn + q), b = N.load(r1 + q), d = N.load(r2 + q), e = N.load(r3 + q), f = N.load(r4 + q)
                N.sort5(&a, &b, &d, &e, &f)
                N.store(a, columns + q); N.store(b, columns + plane + q); N.store(d, columns + 2 * plane + q)
                N.store(e, columns + 3 * plane + q); N.store(f, columns + 4 * plane + q)
            }
        case 4:
            forEachVector(count + 4 * c) { q in
                var a = N.load(rowsIn + q), b = N.load(r1 + q), d = N.load(r2 + q), e = N.load(r3 + q)
                N.sort4(&a, &b, &d, &e)
                N.store(a, columns + q); N.store(b, columns + plane + q); N.store(d, columns + 2 * plane + q)
                N.store(e, columns + 3 * plane + q); N.store(high, columns + 4 * plane + q)
            }
        default:
            forEachVector(count + 4 * c) { q in
                var a = N.load(rowsIn + q), b = N.load(r1 + q), d = N.load(r2 + q)
                N.sort3(&a, &b, &d)
                N.store(low, columns + q); N.store(a, columns + plane + q); N.store(b, columns + 2 * plane + q)
                N.store(d, columns + 3 * plane + q); N.store(high, columns + 4 * plane + q)
            }
        }
        forEachVector(count + 2 * c) { q in N.mergeColumns(columns + q, shift: c, plane: plane, into: pairs + q) }
        if inRows == 4 {
            forEachVector(count) { q in
                N.store(N.median5x5Ranks4(pairs: pairs + q, shift: 2 * c, column: columns + q + 4 * c, plane: plane), dst + q)
            }
        } else {
            forEachVector(count) { q in
                N.store(N.median5x5Ranks7(pairs: pairs + q, shift: 2 * c, column: columns + q + 4 * c, plane: plane), dst + q)
            }
        }
    }
}
