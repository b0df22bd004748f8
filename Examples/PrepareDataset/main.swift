// PrepareDataset: a dataset folder in, downsampled float32 .npy tensors out, with a manifest,
// resume, and a progress callback - the library behind `poolpipe run`, used directly.
//
//   swift run PrepareDataset DATASET_DIR OUT_DIR ['avg(2, until=256) | adaptive_avg(64x64)']
import Foundation
import ImageCodecs
import Pipeline

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: PrepareDataset DATASET_DIR OUT_DIR [STAGES]\n".utf8))
    exit(2)
}
let spec = args.count > 3 ? args[3] : "avg(2, until=256) | adaptive_avg(64x64)"

do {
    let stages = try StageList.parse(spec)
    let options = BatchOptions(inputs: [args[1]], outputFolder: args[2],
                               filter: PathFilter(exclude: [GlobPattern("*/.cache/*")]),
                               format: .fixed(.npy),
                               decode: DecodeOptions(maxPixels: 50_000_000))
    let runner = BatchRunner(options: options, job: StageListJob(stages: stages, color: ColorOptions(alpha: .straight)))
    let plan = try runner.makePlan()
    print("\(plan.items.count) images -> \(plan.outputFolder) (\(stages.canonical))")
    let watcher = SignalWatcher { _ in runner.cancel() }   // Ctrl-C: finish in-flight images, stop
    defer { watcher.stop() }
    let summary = try runner.run(plan: plan) { result, progress in
        // Called once per input, one call at a time.
        if let error = result.error { print("  failed \(result.input): \(error)") }
        if progress.done % 100 == 0 || progress.done == progress.total {
            let eta = progress.eta.map(ProgressBar.formatDuration) ?? "--"
            print("  \(progress.done)/\(progress.total)  \(String(format: "%.1f", progress.rate)) img/s  ETA \(eta)")
        }
    }
    print(summary.progress.summaryLine)
    print("manifest: \(summary.manifestPath)")
    exit(summary.interrupted ? 130 : summary.progress.failed > 0 ? 1 : 0)
} catch {
    FileHandle.standardError.write(Data("PrepareDataset: \(error)\n".utf8))
    exit(2)
}
