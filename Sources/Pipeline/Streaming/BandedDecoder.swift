import ImageCodecs
import ImageTensor
import Pooling

/// Decodes an image band by band and hands each band to a `BandCascade` as it arrives, so
/// that no full-resolution Float32 image — and no intermediate image between the streamed
/// passes — is held when the passes stream.
///
/// Bands are 8-bit rows when the decoder delivers them and the first pass takes them (the
/// `v / 255` conversion, and premultiplication, fused into its kernel), Float rows in the
/// working colour form otherwise. Either way the result equals decoding the whole image and
/// applying the passes with the same colour handling, sample for sample.
enum BandedDecoder {
    /// Rows per band aimed at; rounded to a multiple of the first pass's `bandRows`.
    static let preferredBandRows = 32

    /// Pixels up to which a job may decode an image whole rather than in bands (a fused
    /// `resize | crop`, a resize of the 8-bit rows or of a JPEG's planes): 16 Mpx, 48 MB of
    /// 8-bit RGB (192 MB as Float32) per worker at most.
    static let wholeImageLimit = 16_000_000

    /// Reads every remaining row of `decoder` through `passes`.
    ///
    /// Mixing ops see the working representation of `color` (premultiplied / linear); the
    /// result stays in that representation when `inWorkingForm` says so.
    /// - Parameters:
    ///   - passes: one op per pass; when `color` needs a conversion, each mixes samples
    ///     exactly when the first does.
    ///   - steps: the passes' plan steps, in order, the first starting at the decoder's size.
    /// - Precondition: nothing has been read from `decoder` yet.
    /// - Returns: the pooled tensor and the image's metadata.
    static func decode(_ decoder: ImageRowDecoder, passes: [any PoolingOperation], steps: [StageStep],
                       color: ColorOptions, context: PoolingContext)
        throws -> (tensor: Tensor, inWorkingForm: Bool, metadata: ImageMetadata) {
        let height = decoder.outputHeight, width = decoder.outputWidth, channels = decoder.channels
        var cascade = try BandCascade(passes: passes, steps: steps, channels: channels, context: context)
        let transform = passes[0].mixesSamples ? ColorTransform(options: color, channels: channels) : nil
        // 8-bit rows carry the premultiplication with them; linear light needs Float rows.
        let premultiply = transform?.premultiply == true && !color.linear
        let bytes = decoder.deliversBytes && cascade.acceptsBytes && (transform == nil || premultiply)
        let multiple = max(1, cascade.bandRows)
        let bandRows = max(multiple, preferredBandRows / multiple * multiple)
        var byteBand: [UInt8] = bytes ? [UInt8](repeating: 0, count: min(2 * bandRows - 1, height) * width * channels) : []
        var floatBand = Tensor(height: bytes ? 0 : min(bandRows, height), width: width, channels: channels)
        var remaining = height
        while remaining > 0 {
            // The last band takes every remaining row, so that only it can end in a partial window.
            let rows = remaining >= 2 * bandRows ? bandRows : remaining
            remaining -= rows
            let count = rows * width * channels
            if bytes {
                try byteBand.withUnsafeMutableBufferPointer { buffer in
                    let band = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
                    try decoder.readByteRows(rows, into: band)
                    try cascade.push(.bytes(UnsafeBufferPointer(band), premultiply: premultiply), rows: rows, final: remaining == 0)
                }
            } else {
                if rows != floatBand.height { floatBand = Tensor(height: rows, width: width, channels: channels) }
                try floatBand.data.withUnsafeMutableBufferPointer { try decoder.readRows(rows, into: $0) }
                transform?.toWorking(&floatBand, threads: context.threads)
                try floatBand.data.withUnsafeBufferPointer {
                    try cascade.push(.floats($0), rows: rows, final: remaining == 0)
                }
            }
        }
        return (try cascade.tensor(), transform != nil, try decoder.finish())
    }
}

extension StageList {
    /// Decodes `decoder` and applies the list, running its leading streaming passes on the
    /// decoder's bands (so neither the full-resolution image nor the images between those
    /// passes are held as Float32). The result equals `apply` on the fully decoded image.
    /// - Returns: the output and the image's metadata.
    /// - Throws: `StageListError` for sizes the list cannot take (before any row is read),
    ///   and the decoder's errors.
    public func applyDecoding(_ decoder: ImageRowDecoder, color: ColorOptions = .init(),
                              context: PoolingContext = .init()) throws -> (Tensor, ImageMetadata) {
        let steps = try self.steps(height: decoder.outputHeight, width: decoder.outputWidth)
        guard let first = steps.first, first.stage == 0, first.pass == 1 else {
            let image = try decoder.decodeAll()
            return (try apply(image.tensor, color: color, context: context), image.metadata)
        }
        // The passes that follow band by band: those that stream, and in the same colour
        // representation as the first when the image needs a conversion. A first pass that
        // does not stream gathers the whole image (`WholeImageStream`) and runs alone.
        let converts = ColorTransform(options: color, channels: decoder.channels) != nil
        var passes: [any PoolingOperation] = [stages[0].op]
        if try stages[0].op.streams(first, channels: decoder.channels, context: context) {
            for step in steps.dropFirst() {
                let op = stages[step.stage].op
                guard !converts || op.mixesSamples == passes[0].mixesSamples,
                      try op.streams(step, channels: decoder.channels, context: context) else { break }
                passes.append(op)
            }
        }
        let banded = try BandedDecoder.decode(decoder, passes: passes, steps: Array(steps.prefix(passes.count)),
                                              color: color, context: context)
        // The rest continues from the working representation, exactly as `apply` would.
        let output = try afterPasses(steps.prefix(passes.count)).apply(
            banded.tensor, inWorkingForm: banded.inWorkingForm, color: color, context: context)
        return (output, banded.metadata)
    }

    /// The list that remains once the leading `done` steps of its plan have run: stages
    /// before the last done step's are finished; that stage loses the passes it ran (an
    /// `until` stage stays, and plans no more passes than it still needs).
    func afterPasses(_ done: ArraySlice<StageStep>) -> StageList {
        guard let last = done.last else { return self }
        var remaining = Array(stages[(last.stage + 1)...])
        let stage = stages[last.stage]
        let ran = done.filter { $0.stage == last.stage }.count
        switch stage.repetition {
        case .once: break
        case .times(let n):
            if n > ran { remaining.insert(Stage(op: stage.op, repetition: .times(n - ran), source: stage.source), at: 0) }
        case .until:
            remaining.insert(stage, at: 0)
        }
        return StageList(stages: remaining)
    }
}

extension PoolingOperation {
    /// Whether the op streams the input of `step` (has its own `BandStream` for it).
    func streams(_ step: StageStep, channels: Int, context: PoolingContext) throws -> Bool {
        try streamingBands(height: step.inputHeight, width: step.inputWidth, channels: channels, context: context) != nil
    }
}
