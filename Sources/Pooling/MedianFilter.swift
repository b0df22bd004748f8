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
/// outputs), and the median is selected from two pairs and a fifth column. Two output rows
/// whose windows lie in the image go together, sharing the work on their k-1 common rows.
///
/// Windows that hang over padding vertically keep the lower median of their in-image
/// samples: the missing rows become sentinels that shift the rank (`MedianNetworks`); rows
/// with fewer in-image rows than the networks take, and the columns whose windows hang over
/// the left or right edge, go to the gathering `MedianKernel`. Output rows are split into
/// bands over the threads; each band has one scratch buffer.
enum MedianFilter {
    /// Floats per scratch plane: a constant, so a network addresses every plane from one
    /// register; a 5×5 tile's 16 planes take 16 KiB of L1 cache. A tile is the plane less
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
        let planes = k == 5 ? 16 : 6
        return pooledTensor(height: oh, width: ow, channels: c) { out in
            input.data.withUnsafeBufferPointer { inBuf in
                let src = inBuf.baseAddress!, dst = out.baseAddress!
                forEachRowBand(rows: oh, workPerRow: k * k * ow * c, threads: threads) { band in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: planes * plane)
                    defer { scratch.deallocate() }
                    var gather = [Float](repeating: 0, count: k * k)
                    gather.withUnsafeMutableBufferPointer { gathered in
                        var oy = band.lowerBound
                        while oy < band.upperBound {
                            let inRows = rows.count[oy]
                            let vectors = span >= MedianLanes.scalarCount && tile >= MedianLanes.scalarCount
                            // Two rows with all their rows in the image share their k-1 common rows.
                            let pair = vectors && inRows == k && oy + 1 < band.upperBound && rows.count[oy + 1] == k
                            let outRows = pair ? 2 : 1
                            let supported = vectors && inRows >= (k == 5 ? 3 : 2)
                            // The edge columns, or the whole row when the networks do not take it.
                            for y in oy..<(oy + outRows) {
                                MedianKernel.medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                                       oy: y, oxRange: supported ? 0..<full.lowerBound : 0..<ow,
                                                       dst: dst + y * ow * c, scratch: gathered.baseAddress!)
                                guard supported else { continue }
                                MedianKernel.medianRow(src: src, inRowLength: inRowLength, channels: c, rows: rows, cols: cols,
                                                       oy: y, oxRange: full.upperBound..<ow, dst: dst + y * ow * c,
                                                       scratch: gathered.baseAddress!)
                            }
                            guard supported else { oy += 1; continue }
                            let top = src + rows.first[oy] * inRowLength
                            let outStart = full.lowerBound * c
                            let rowOut = dst + oy * ow * c + outStart
                            var j0 = 0
                            while j0 < span {
                                // The last tile moves back to hold a whole vector (recomputed samples agree).
                                let j1 = min(j0 + tile, span)
                                let start = min(j0, j1 - MedianLanes.scalarCount)
                                let rowsIn = top + outStart + base + start
                                if pair && k == 3 {
                                    filter3Pair(rowsIn, rowLength: inRowLength, channels: c, count: j1 - start,
                                                scratch: scratch, dst: rowOut + start, nextRow: ow * c)
                                } else if pair {
                                    filter5Pair(rowsIn, rowLength: inRowLength, channels: c, count: j1 - start,
                                                scratch: scratch, dst: rowOut + start, nextRow: ow * c)
                                } else if k == 3 {
                                    filter3(rowsIn, rowLength: inRowLength, inRows: inRows, channels: c,
                                            count: j1 - start, scratch: scratch, dst: rowOut + start)
                                } else {
                                    filter5(rowsIn, rowLength: inRowLength, inRows: inRows, channels: c,
                                            count: j1 - start, scratch: scratch, dst: rowOut + start)
                                }
                                j0 = j1
                            }
                            oy += outRows
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

    /// `count` outputs of two 3×3 rows whose windows (all 3 rows in the image) start at
    /// `rowsIn` and one row below: the 2 shared rows are sorted once, then each row's own row
    /// is inserted (columns of the first row in planes 0…2, of the second in 3…5). Writes the
    /// first row at `dst`, the second at `dst + nextRow`.
    @inline(__always)
    static func filter3Pair(_ rowsIn: UnsafePointer<Float>, rowLength: Int, channels c: Int, count: Int,
                            scratch: UnsafeMutablePointer<Float>, dst: UnsafeMutablePointer<Float>, nextRow: Int) {
        typealias N = MedianNetworks
        let r1 = rowsIn + rowLength, r2 = r1 + rowLength, r3 = r2 + rowLength
        let lower = scratch + 3 * plane
        forEachVector(count + 2 * c) { q in
            var b = N.load(r1 + q), d = N.load(r2 + q)
            N.sort2(&b, &d)
            var a = N.load(rowsIn + q), b1 = b, d1 = d, e = N.load(r3 + q)
            N.insertBelow(&a, &b1, &d1)
            N.insertAbove(&b, &d, &e)
            N.store(a, scratch + q); N.store(b1, scratch + plane + q); N.store(d1, scratch + 2 * plane + q)
            N.store(b, lower + q); N.store(d, lower + plane + q); N.store(e, lower + 2 * plane + q)
        }
        forEachVector(count) { q in
            N.store(N.median3x3(scratch + q, step: c, plane: plane), dst + q)
            N.store(N.median3x3(lower + q, step: c, plane: plane), dst + nextRow + q)
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

    /// `count` outputs of two 5×5 rows whose windows (all 5 rows in the image) start at
    /// `rowsIn` and one row below: the 4 shared rows are sorted once per position (planes
    /// 0…3) and merged in pairs (4…11); each output row's own row is sorted in pairs (top
    /// 12, 13; bottom 14, 15). Writes the first row at `dst`, the second at `dst + nextRow`.
    @inline(__always)
    static func filter5Pair(_ rowsIn: UnsafePointer<Float>, rowLength: Int, channels c: Int, count: Int,
                            scratch: UnsafeMutablePointer<Float>, dst: UnsafeMutablePointer<Float>, nextRow: Int) {
        typealias N = MedianNetworks
        let r1 = rowsIn + rowLength, r2 = r1 + rowLength, r3 = r2 + rowLength, r4 = r3 + rowLength, r5 = r4 + rowLength
        let core = scratch, pairs = scratch + 4 * plane, top = scratch + 12 * plane, bottom = scratch + 14 * plane
        forEachVector(count + 4 * c) { q in
            var a = N.load(r1 + q), b = N.load(r2 + q), d = N.load(r3 + q), e = N.load(r4 + q)
            N.sort4(&a, &b, &d, &e)
            N.store(a, core + q); N.store(b, core + plane + q); N.store(d, core + 2 * plane + q); N.store(e, core + 3 * plane + q)
        }
        forEachVector(count + 2 * c) { q in
            N.mergeColumns4(core + q, shift: c, plane: plane, into: pairs + q)
            var a = N.load(rowsIn + q), b = N.load(rowsIn + q + c), d = N.load(r5 + q), e = N.load(r5 + q + c)
            N.sort2(&a, &b); N.sort2(&d, &e)
            N.store(a, top + q); N.store(b, top + plane + q); N.store(d, bottom + q); N.store(e, bottom + plane + q)
        }
        forEachVector(count) { q in
            let (upper, lower) = N.median5x5RowPair(pairs: pairs + q, shift: 2 * c, core: core + q + 4 * c,
                                                    top: top + q, topLast: rowsIn + q + 4 * c,
                                                    bottom: bottom + q, bottomLast: r5 + q + 4 * c, plane: plane)
            N.store(upper, dst + q); N.store(lower, dst + nextRow + q)
        }
    }
}
