import Foundation
import Dispatch
import ImageTensor
import ImageCodecs
import Pooling

/// Runs a batch into a pack (`--pack tar|npy`): workers decode, pool and encode samples in
/// parallel; the calling thread writes them in plan order into the current unit (a tar
/// shard, or `data.npy`), so the bytes do not depend on `--jobs`. A unit is renamed into place,
/// then its inputs are recorded in the manifest, each naming the unit's file; a rerun skips a
/// unit whose inputs are all recorded done (same file, stages, settings) and whose file
/// exists, and redoes the others whole. Workers run at most a bounded window ahead of the
/// writer, so memory does not grow with the number of inputs.
final class DatasetPackRunner: Sendable {
    let options: BatchOptions
    let plan: BatchPlan
    let item: BatchItemProcessor
    let temporaries: PackTemporaries
    let isCancelled: @Sendable () -> Bool
    /// The pack's units in order.
    let units: [PackUnit]
    /// JPEG shrink-on-load, when the stage list starts with a `resize` and it is not turned off.
    let shrink: ShrinkOnLoad?

    init(options: BatchOptions, plan: BatchPlan, item: BatchItemProcessor, temporaries: PackTemporaries,
         isCancelled: @escaping @Sendable () -> Bool) {
        self.options = options; self.plan = plan; self.item = item
        self.temporaries = temporaries; self.isCancelled = isCancelled
        units = PackUnit.units(count: plan.items.count, options: options.dataset, shard: options.shard,
                               root: plan.outputFolder)
        shrink = options.dataset.exactResize ? nil : ShrinkOnLoad(job: item.job)
    }

    /// Writes the pack; `record` is called once per input — failures as soon as they are
    /// known, the others once their unit is in place, from the calling or the commit thread,
    /// so it must be thread-safe — and returns whether the run should stop (`--fail-fast`).
    /// - Returns: whether the run stopped before every unit was written.
    func run(record: @escaping (BatchItemResult) -> Bool) throws -> Bool {
        let dataset = options.dataset
        let items = plan.items
        let labelMap = dataset.labels == .folder
            ? LabelMap(classes: plan.classes, skipsFolderName: plan.relativePathsStartWithFolderName) : nil
        if let labelMap {
            try item.writer.write(Array(labelMap.json.utf8), to: "classes.json")
        }
        let keys = PackKeys(items: items, labelMap: labelMap, tar: dataset.pack == .tar)
        let kind: OutputFormat = items.first?.kind ?? .npy
        let maker = DatasetSampleMaker(options: dataset, kind: kind)
        var todo: [Int] = []
        var unitDone: [Bool] = []
        for u in units {
            let done = !options.force && isDone(u, keys: keys)
            unitDone.append(done)
            if !done { todo.append(contentsOf: u.items) }
        }
        let window = max(4, 4 * options.jobs)
        let state = PackWorkState(count: todo.count, window: window)
        let workerCount = min(options.jobs, todo.count)
        let workers = BackgroundQueue(name: "poolpipe-pack", threads: max(1, workerCount), capacity: max(1, workerCount))
        for _ in 0..<workerCount {
            workers.async {
                while let pos = state.take(stop: self.isCancelled) {
                    let i = todo[pos]
                    let threads = max(1, self.options.jobs / max(1, min(self.options.jobs, todo.count - pos)))
                    state.put(pos, self.make(i, keys: keys, maker: maker, context: PoolingContext(threads: threads)))
                }
            }
        }
        // A finished unit is made durable (fsync) and renamed, then recorded, on a thread of
        // its own while the next unit is written; units are committed in order.
        let commits = BackgroundQueue(name: "poolpipe-pack-commit", threads: 1, capacity: 2)
        defer {
            state.stop()
            workers.finish()
            commits.finish()
        }
        var pos = 0
        for (n, unit) in units.enumerated() {
            if unitDone[n] {
                for i in unit.items where record(skipped(i, unit: unit, keys: keys)) { return true }
                continue
            }
            let sink: PackSink
            do {
                sink = dataset.pack == .npy
                    ? try NPYPackSink(dataPath: unit.paths[0], indexPath: unit.paths[1],
                                      descr: dataset.dtype.npyDescr, temporaries: temporaries)
                    : try TarShardSink(path: unit.paths[0], temporaries: temporaries)
            } catch {
                throw BatchError.output(error as? OutputError ?? .cannotWrite(path: unit.paths[0], reason: "\(error)"))
            }
            var pending: [BatchItemResult] = []
            for _ in unit.items {
                guard var outcome = state.next(pos, stop: isCancelled) else {
                    sink.abort()
                    return true
                }
                pos += 1
                if outcome.result.status == .ok, let sample = outcome.sample {
                    do {
                        try sink.append(sample, input: outcome.result.input)
                        pending.append(outcome.result)
                        continue
                    } catch {
                        outcome.result.fail(String(describing: error))
                    }
                }
                if record(outcome.result) { sink.abort(); return true }
            }
            let finished = pending
            commits.async {
                do {
                    try sink.commit()
                } catch {
                    for var r in finished { r.fail(String(describing: error)); _ = record(r) }
                    return
                }
                for r in finished { _ = record(r) }
            }
        }
        return false
    }

    /// Decodes, pools and encodes item `i` (on a worker).
    private func make(_ i: Int, keys: PackKeys, maker: DatasetSampleMaker, context: PoolingContext) -> PackOutcome {
        let p = plan.items[i]
        let started = DispatchTime.now().uptimeNanoseconds
        let unitPath = unitPath(of: i)
        var record = ManifestRecord(input: p.input.absolutePath, output: unitPath, status: .failed,
                                    stages: item.stages, settings: item.settings)
        func outcome(_ error: String?, _ sample: DatasetSample? = nil) -> PackOutcome {
            record.status = error == nil ? .ok : .failed
            record.error = error
            record.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            return PackOutcome(result: BatchItemResult(input: p.input.displayPath, output: unitPath, status: record.status,
                                                       error: error, record: record), sample: sample)
        }
        if let failure = keys.pathFailures[i] { return outcome(failure) }
        guard let stamp = FileStamp(path: p.input.absolutePath) else {
            return outcome(BatchItemError.unreadable(reason: String(cString: strerror(errno))).description)
        }
        record.inputSize = stamp.size
        record.inputMtime = stamp.mtime
        do {
            let (tensor, meta, inputShape) = try produce(p.input.absolutePath, context: context)
            record.inputShape = inputShape
            record.outputShape = tensor.shape
            record.decode = DecodeSummary(format: meta.format.rawValue, bitDepth: meta.bitDepth,
                                          dctScale: meta.dctScale, orientation: meta.orientation,
                                          colorModel: meta.colorModel, warnings: meta.warnings)
            let sample = try maker.sample(key: keys.keys[i], source: p.input.relativePath, label: keys.labels[i],
                                          tensor: tensor, inputShape: inputShape) { t in
                try item.encode(t, kind: p.kind, metadata: meta)
            }
            return outcome(nil, sample)
        } catch {
            return outcome(String(describing: error))
        }
    }

    /// The output tensor, metadata and input shape of one input, shrunk on load when it pays.
    private func produce(_ path: String, context: PoolingContext) throws -> (Tensor, ImageMetadata, [Int]) {
        guard let shrink else { return try item.produce(path, context: context) }
        let bytes = try ImageDecoder.fileBytes(path: path, options: options.decode)
        let done = try shrink.run(bytes: bytes, options: options.decode, autorotate: options.autorotate, context: context)
        return (done.tensor, done.metadata, done.inputShape)
    }

    /// The file that records of item `i` name.
    private func unitPath(of i: Int) -> String {
        guard let first = units.first else { return plan.outputFolder }
        let n = options.dataset.pack == .tar ? i / options.dataset.shardSize : 0
        return units[min(n, units.count - 1)].paths.first ?? first.paths[0]
    }

    /// Whether a unit is recorded done: its files exist, and every input that is not failed
    /// by its path alone has a last record ok or skipped for this file, with the same size,
    /// mtime, stages and settings.
    private func isDone(_ unit: PackUnit, keys: PackKeys) -> Bool {
        for path in unit.paths {
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        }
        for i in unit.items where keys.pathFailures[i] == nil {
            let p = plan.items[i]
            guard let prev = item.previous[p.input.absolutePath],
                  prev.status == .ok || prev.status == .skipped, prev.output == unit.paths[0],
                  prev.stages == item.stages, prev.settings == item.settings,
                  let stamp = FileStamp(path: p.input.absolutePath), prev.stamp == stamp else { return false }
        }
        return true
    }

    /// The record of item `i` in a unit that is already done: skipped, or failed again when
    /// its path alone fails it.
    private func skipped(_ i: Int, unit: PackUnit, keys: PackKeys) -> BatchItemResult {
        let p = plan.items[i]
        let prev = item.previous[p.input.absolutePath]
        let stamp = FileStamp(path: p.input.absolutePath)
        let failure = keys.pathFailures[i]
        let record = ManifestRecord(input: p.input.absolutePath, output: unit.paths[0],
                                    status: failure == nil ? .skipped : .failed, error: failure,
                                    inputShape: prev?.inputShape, outputShape: prev?.outputShape,
                                    stages: item.stages, settings: item.settings,
                                    inputSize: stamp?.size, inputMtime: stamp?.mtime)
        return BatchItemResult(input: p.input.displayPath, output: unit.paths[0], status: record.status,
                               error: failure, record: record)
    }
}

/// A worker's product: the input's result and, when it is ok, its sample.
struct PackOutcome {
    var result: BatchItemResult
    var sample: DatasetSample?
}

extension BatchItemResult {
    /// Turns the result into a failure for `reason`.
    mutating func fail(_ reason: String) {
        status = .failed
        error = reason
        record.status = .failed
        record.error = reason
    }
}
