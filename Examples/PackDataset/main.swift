// PackDataset: a labelled image folder (ImageFolder layout: DATASET/<class>/<image>) in,
// WebDataset tar shards of uint8 crops out — what `poolpipe run --pack tar --labels folder`
// does, through the library: each sample is <key>.npy (224×224×3 uint8), <key>.cls (the
// label) and <key>.json (source, shapes, label, class); classes.json lists the classes.
// Shards are byte-identical for any number of jobs, and a rerun redoes only unfinished shards.
//
//   swift run PackDataset DATASET_DIR OUT_DIR [SAMPLES_PER_SHARD] ['resize(short=256) | crop(224)']
//
// Read the shards in Python (pip install webdataset):
//   import webdataset as wds, glob
//   for s in wds.WebDataset(sorted(glob.glob("OUT_DIR/shard-*.tar"))).decode():
//       image, label = s["npy"], s["cls"]       # (224, 224, 3) uint8, int
import Foundation
import ImageCodecs
import Pipeline

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: PackDataset DATASET_DIR OUT_DIR [SAMPLES_PER_SHARD] [STAGES]\n".utf8))
    exit(2)
}
let perShard = args.count > 3 ? Int(args[3]) ?? 1000 : 1000
let spec = args.count > 4 ? args[4] : "resize(short=256) | crop(224)"

do {
    let stages = try StageList.parse(spec)
    var options = BatchOptions(inputs: [args[1]], outputFolder: args[2], format: .fixed(.npy),
                               decode: DecodeOptions(maxPixels: 50_000_000))
    options.dataset = DatasetOptions(pack: .tar, dtype: .uint8, layout: .hwc, labels: .folder, shardSize: perShard)
    let runner = BatchRunner(options: options, job: StageListJob(stages: stages))
    let plan = try runner.makePlan()
    print("\(plan.items.count) images in \(plan.classes.count) classes -> \(plan.outputFolder) (\(stages.canonical))")
    let watcher = SignalWatcher { _ in runner.cancel() }   // Ctrl-C: the shard in progress is dropped
    defer { watcher.stop() }
    let summary = try runner.run(plan: plan) { result, _ in
        if let error = result.error { print("  failed \(result.input): \(error)") }
    }
    let shards = (try? FileManager.default.contentsOfDirectory(atPath: plan.outputFolder))?
        .filter { $0.hasPrefix("shard-") && $0.hasSuffix(".tar") }.sorted() ?? []
    print(summary.progress.summaryLine)
    print("shards: \(shards.joined(separator: " "))")
    exit(summary.interrupted ? 130 : summary.progress.failed > 0 ? 1 : 0)
} catch {
    FileHandle.standardError.write(Data("PackDataset: \(error)\n".utf8))
    exit(2)
}
