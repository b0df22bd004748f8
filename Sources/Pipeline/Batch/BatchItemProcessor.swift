import Foundation
import Dispatch
import ImageTensor
import ImageCodecs
import Pooling

/// Errors of one input that are not the decoder's, encoder's or job's own.
enum BatchItemError: Error, Equatable, CustomStringConvertible {
    case unreadable(reason: String)
    case conflict(String)

    public var description: String {
        switch self {
        case .unreadable(let r): return "cannot read the file: \(r)"
        case .conflict(let s): return s
        }
    }
}

/// One input's result, and its output's final path when that is in place but not yet
/// durable (its record waits for `GroupCommitter`).
struct BatchItemOutcome {
    var result: BatchItemResult
    var placed: StagedFile?
}

/// Does one input of a batch: resume check, decode, orientation, job, encode, atomic write
/// (written and renamed into place by `process`; made durable, a group at a time, by
/// `GroupCommitter`).
struct BatchItemProcessor: Sendable {
    let options: BatchOptions
    let job: any ImageJob
    let writer: AtomicFileWriter
    let previous: [String: ResumeEntry]
    let stages: String
    let settings: String

    /// Everything up to an output in place (complete, not yet durable); an outcome with one
    /// is recorded once `GroupCommitter` made it durable (`committed`).
    func process(_ p: PlannedOutput, context: PoolingContext) -> BatchItemOutcome {
        let started = DispatchTime.now().uptimeNanoseconds
        let outputAbs = writer.finalPath(p.relativeOutput)
        let outputDisplay = InputWalker.join(options.outputFolder, p.relativeOutput)
        var record = ManifestRecord(input: p.input.absolutePath, output: outputAbs, status: .failed,
                                    stages: stages, settings: settings)
        func result(_ status: InputStatus, _ error: String? = nil, placed: StagedFile? = nil) -> BatchItemOutcome {
            record.status = status
            record.error = error
            record.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            return BatchItemOutcome(result: BatchItemResult(input: p.input.displayPath, output: outputDisplay,
                                                            status: status, error: error, record: record),
                                    placed: placed)
        }
        if let conflict = p.conflict {
            record.output = nil
            return result(.failed, conflict)
        }
        guard let stamp = FileStamp(path: p.input.absolutePath) else {
            return result(.failed, BatchItemError.unreadable(reason: String(cString: strerror(errno))).description)
        }
        record.inputSize = stamp.size
        record.inputMtime = stamp.mtime
        if let prev = previous[p.input.absolutePath], isUpToDate(prev, stamp: stamp, output: outputAbs) {
            record.inputShape = prev.inputShape
            record.outputShape = prev.outputShape
            return result(.skipped)
        }
        do {
            let (out, meta, inputShape) = try produce(p.input.absolutePath, context: context)
            record.inputShape = inputShape
            record.decode = DecodeSummary(format: meta.format.rawValue, bitDepth: meta.bitDepth,
                                          dctScale: meta.dctScale, orientation: meta.orientation,
                                          colorModel: meta.colorModel, warnings: meta.warnings)
            record.decode?.iccProfile = meta.iccDescription
            record.decode?.toSRGB = meta.convertedToSRGB
            let encoded = try OutputEncoding.encode(out, kind: p.kind, metadata: meta, options: options)
            record.outputShape = encoded.shape
            record.flattened = encoded.flattened
            let staged = try writer.stage(encoded.bytes, to: p.relativeOutput)
            try writer.place(staged)
            return result(.ok, placed: staged)
        } catch {
            return result(.failed, String(describing: error))
        }
    }

    /// The outcome's final result once its placed output was made durable with `error`
    /// (nil: durable; a failure fails the input, so resume redoes it).
    func committed(_ outcome: BatchItemOutcome, error: OutputError?) -> BatchItemResult {
        guard let error else { return outcome.result }
        var r = outcome.result
        r.status = .failed
        r.error = String(describing: error)
        r.record.status = .failed
        r.record.error = r.error
        return r
    }

    /// Reads the input and runs the job on a decoder of it (the job streams or decodes whole).
    /// - Returns: the output, the decoded image's metadata, and the input's shape.
    func produce(_ path: String, context: PoolingContext) throws -> (Tensor, ImageMetadata, [Int]) {
        let bytes = try ImageDecoder.fileBytes(path: path, options: options.decode)
        let done = try job.run(decoder: try ImageRowDecoder(bytes: bytes, options: options.decode),
                               autorotate: options.autorotate, context: context)
        return (done.tensor, done.metadata, done.inputShape)
    }

    /// Resume rule: the input's last record is ok or skipped, for the same file (size and
    /// mtime), stage list, settings and output path, and the output file exists.
    private func isUpToDate(_ prev: ResumeEntry, stamp: FileStamp, output: String) -> Bool {
        Self.isUpToDate(prev, stamp: stamp, output: output, stages: stages, settings: settings)
    }

    /// The resume rule for given recorded stages and settings (shared with `--dry-run`).
    static func isUpToDate(_ prev: ResumeEntry, stamp: FileStamp, output: String,
                           stages: String, settings: String) -> Bool {
        guard prev.status == .ok || prev.status == .skipped,
              prev.stamp == stamp, prev.stages == stages, prev.settings == settings,
              prev.output == output else { return false }
        var st = stat()
        return stat(output, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// The output file's bytes (a pack's sample): `OutputEncoding` with the run's options.
    func encode(_ t: Tensor, kind: OutputFormat, metadata: ImageMetadata) throws -> [UInt8] {
        try OutputEncoding.encode(t, kind: kind, metadata: metadata, options: options).bytes
    }
}
