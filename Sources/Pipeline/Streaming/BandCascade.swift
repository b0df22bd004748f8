import ImageTensor
import Pooling

/// Passes run one after another on bands of rows, so that none of their intermediate images
/// is held whole: each pass is a `BandStream`; the first takes the decoder's bands, and
/// every later one takes the rows the pass before it hands on once it holds a whole multiple
/// of its `bandRows` and at least `BandedDecoder.preferredBandRows` rows (all that is left
/// on the last call).
///
/// Knows no op by name: equality with running the passes on whole images is each stream's
/// contract (`BandStream`), which the cascade keeps by pushing every row once, in order.
struct BandCascade {
    private var streams: [any BandStream]
    private let steps: [StageStep]
    private let names: [String]
    private let channels: Int
    /// Per pass after the first, rows received but not yet pooled (`steps[i].inputWidth` wide).
    private var pending: [[Float]]
    /// The last pass's rows, in order.
    private var output: [Float] = []

    /// - Parameters:
    ///   - passes: the ops, one per pass (an op that does not stream runs as a `WholeImageStream`).
    ///   - steps: the same passes' plan steps (input and output sizes), in order.
    /// - Precondition: `passes.count == steps.count > 0`.
    init(passes: [any PoolingOperation], steps: [StageStep], channels: Int, context: PoolingContext) throws {
        precondition(!passes.isEmpty && passes.count == steps.count)
        streams = try zip(passes, steps).map { op, step in
            try op.makeBandStream(height: step.inputHeight, width: step.inputWidth, channels: channels, context: context)
        }
        self.steps = steps
        self.names = passes.map(\.canonical)
        self.channels = channels
        self.pending = Array(repeating: [], count: passes.count)
        let last = steps[steps.count - 1]
        output.reserveCapacity(last.outputHeight * last.outputWidth * channels)
    }

    /// Rows per band the first pass wants (every band but the last a multiple of it).
    var bandRows: Int { streams[0].bandRows }
    /// Whether the first pass takes 8-bit bands straight into its kernel.
    var acceptsBytes: Bool { streams[0].acceptsBytes }

    /// Gives the first pass the next `rows` rows (`steps[0].inputWidth` wide); `final` for
    /// the last call, which must take every row left.
    mutating func push(_ band: RowBand, rows: Int, final: Bool) throws {
        let pooled = try streams[0].poolBand(band, rows: rows, final: final)
        try feed(1, pooled, final: final)
    }

    /// The cascade's result once `push(_:rows:final: true)` has been called.
    /// - Throws: `StageListError.cannotRun` when a stream broke its contract.
    func tensor() throws -> Tensor {
        let last = steps[steps.count - 1]
        guard output.count == last.outputHeight * last.outputWidth * channels else {
            throw StageListError.cannotRun(index: last.stage + 1, stage: names[names.count - 1],
                                           reason: "banded pooling gave \(output.count) of \(last.outputHeight * last.outputWidth * channels) samples")
        }
        return Tensor(height: last.outputHeight, width: last.outputWidth, channels: channels, data: output)
    }

    private mutating func feed(_ level: Int, _ rows: [Float], final: Bool) throws {
        guard level < streams.count else {
            output.append(contentsOf: rows)
            return
        }
        guard !rows.isEmpty || final else { return }
        // Taken out of `self` while the stream reads it; usually every pending row is taken.
        var data = pending[level]
        pending[level] = []
        if data.isEmpty { data = rows } else { data.append(contentsOf: rows) }
        let rowLength = steps[level].inputWidth * channels
        let have = data.count / rowLength, multiple = max(1, streams[level].bandRows)
        // Bands of about `preferredBandRows` rows, as the decoder reads them: fewer calls
        // (and thread dispatches, and halo rows pooled twice) than one per arriving row.
        let minimum = max(multiple, BandedDecoder.preferredBandRows / multiple * multiple)
        let take = final ? have : have < minimum ? 0 : have / multiple * multiple
        guard take > 0 || final else {
            pending[level] = data
            return
        }
        let pooled = try data.withUnsafeBufferPointer { try streams[level].poolBand(.floats($0), rows: take, final: final) }
        if take < have { pending[level] = Array(data[(take * rowLength)...]) }
        try feed(level + 1, pooled, final: final)
    }
}
