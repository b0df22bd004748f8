import ImageTensor

/// `Resize` applied to an image whose rows arrive in bands (from a decoder), holding only
/// the window of rows the vertical filter still needs, never the whole input.
///
/// Sample for sample equal to `Resize.apply` on the whole image: the passes run in the same
/// order (`ResampleKernel.verticalFirst`), each output row from the same rows with the same
/// kernels, summed in the same order.
public struct ResizeStream {
    private let rows: ResampleCoefficients
    private let cols: ResampleCoefficients
    private let channels: Int
    private let threads: Int
    private let resampleRows: Bool
    private let resampleColumns: Bool
    private let verticalFirst: Bool
    /// Rows kept for the vertical pass: input rows (vertical first) or horizontally
    /// resampled ones, starting at row `bufferStart` of the input.
    private var buffer: [Float] = []
    private var bufferStart = 0
    private var received = 0
    private var nextOutput = 0
    private var output: [Float] = []
    /// Samples of `output` already handed out by `takeNewOutput`.
    private var delivered = 0
    /// One vertically summed row, reused for every output row (`weightedRowSum` writes all of it).
    private var rowScratch: [Float] = []

    /// - Precondition: `height`, `width`, `channels` ≥ 1.
    public init(_ resize: Resize, height: Int, width: Int, channels: Int, threads: Int = 1) throws {
        let out = try resize.outputSize(height: height, width: width)
        rows = ResampleCoefficients.cached(input: height, output: out.height, filter: resize.filter)
        cols = ResampleCoefficients.cached(input: width, output: out.width, filter: resize.filter)
        self.channels = channels
        self.threads = threads
        resampleRows = out.height != height
        resampleColumns = out.width != width
        verticalFirst = resampleRows && resampleColumns
            && ResampleKernel.verticalFirst(rows: rows, cols: cols, channels: channels)
        output.reserveCapacity(out.height * out.width * channels)
    }

    /// The width of the rows the vertical pass sums.
    private var bufferWidth: Int { verticalFirst || !resampleColumns ? cols.inputLength : cols.outputLength }

    /// Takes the next `band.height` rows of the input (`band.width` must be the input's).
    public mutating func push(_ band: Tensor) {
        let first = received
        received += band.height
        var band = band
        if resampleColumns && !verticalFirst {
            // Only the rows some output row reads, as the whole-image pass does.
            let lo = max(first, resampleRows ? rows.start[0] : 0)
            let hi = min(received, resampleRows ? rows.start[rows.outputLength - 1] + rows.count[rows.outputLength - 1] : received)
            guard lo < hi else { return drain() }
            band = ResampleKernel.horizontal(band, rowRange: (lo - first)..<(hi - first), cols: cols, threads: threads)
            if buffer.isEmpty { bufferStart = lo }
        } else if buffer.isEmpty {
            bufferStart = first
        }
        guard resampleRows else {
            output.append(contentsOf: band.data)
            return
        }
        buffer.append(contentsOf: band.data)
        drain()
    }

    /// Takes the next `count` rows of the input as `samples` (`count` rows of the input's
    /// width): the same as `push` of a tensor of them, without first copying them into one
    /// when they go straight into the row buffer.
    public mutating func push(rows count: Int, samples: UnsafeBufferPointer<Float>) {
        if resampleColumns && !verticalFirst {
            return push(Tensor(height: count, width: cols.inputLength, channels: channels, data: Array(samples)))
        }
        if buffer.isEmpty { bufferStart = received }
        received += count
        guard resampleRows else {
            output.append(contentsOf: samples)
            return
        }
        buffer.append(contentsOf: samples)
        drain()
    }

    /// Emits every output row whose window is complete, then drops the rows no later
    /// output row reads.
    private mutating func drain() {
        guard resampleRows else { return }
        let width = bufferWidth * channels
        if rowScratch.count != width { rowScratch = [Float](repeating: 0, count: width) }
        while nextOutput < rows.outputLength {
            let start = rows.start[nextOutput], count = rows.count[nextOutput]
            guard start + count <= bufferStart + buffer.count / max(1, width) else { break }
            buffer.withUnsafeBufferPointer { src in
                rows.weights.withUnsafeBufferPointer { w in
                    rowScratch.withUnsafeMutableBufferPointer { dst in
                        ResampleKernel.weightedRowSum(src.baseAddress! + (start - bufferStart) * width, rowLength: width,
                                                      weights: w.baseAddress! + nextOutput * rows.stride,
                                                      taps: count, into: dst.baseAddress!)
                    }
                }
            }
            if verticalFirst {
                let one = Tensor(height: 1, width: cols.inputLength, channels: channels, data: rowScratch)
                output.append(contentsOf: ResampleKernel.horizontal(one, rowRange: 0..<1, cols: cols, threads: 1).data)
            } else {
                output.append(contentsOf: rowScratch)
            }
            nextOutput += 1
        }
        let keepFrom = nextOutput < rows.outputLength ? rows.start[nextOutput] : bufferStart + buffer.count / max(1, width)
        if keepFrom > bufferStart {
            let drop = min(buffer.count, (keepFrom - bufferStart) * width)
            buffer.removeFirst(drop)
            bufferStart += drop / max(1, width)
        }
    }

    /// The output rows completed since the last call (all of them at the end).
    mutating func takeNewOutput() -> [Float] {
        defer { delivered = output.count }
        return Array(output[delivered...])
    }

    /// The resized image, once every input row has been pushed.
    /// - Precondition: all `rows.inputLength` rows were pushed.
    public func finish() -> Tensor {
        precondition(received == rows.inputLength, "resize stream got \(received) of \(rows.inputLength) rows")
        return Tensor(height: rows.outputLength, width: cols.outputLength, channels: channels, data: output)
    }
}
