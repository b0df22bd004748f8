import ArgumentParser
import Foundation
import ImageCodecs
import Pipeline

/// `poolpipe run INPUT... -o OUT (--stages SPEC | --config FILE) [options]`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Pool every input through a stage list and write images or .npy tensors.",
        discussion: """
        Folders are walked recursively for .png .jpg .jpeg .npy (any case; names starting with '.' are skipped; symbolic links are followed, each folder once). --include and --exclude globs match the path relative to its input folder, fnmatch-style ('*' also matches '/'). Outputs go to OUT/<relative path>/<stem>.<ext>; a file named directly goes to OUT/<stem>.<ext>.

        A manifest (JSON Lines) records every input. A rerun skips an input whose last record is done with the same size, mtime, stages and settings and whose output exists; --force redoes it. Outputs are written to a temporary file and renamed, so a final path never holds a partial file. SIGINT/SIGTERM finish the images in flight, record them and exit 130.

        --shard K/N takes the inputs whose 64-bit FNV-1a hash of the relative path is K mod N; --shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --shards N.

        --pack tar writes WebDataset shards OUT/shard-000000.tar, ... (--shard-size samples each; <key>.npy, <key>.json and, with --labels folder, <key>.cls), in sorted input order with fixed tar metadata, resumable per shard; --pack npy writes one array OUT/data.npy (N, ...) with OUT/index.jsonl. --dtype, --layout and --normalize shape every .npy output. See docs/datasets.md.

        The closing line 'processed N, skipped S, failed F in T s' goes to stdout; errors go to stderr as 'poolpipe: error: PATH: reason'. Exit status: 0 all done or skipped, 1 some failed, 2 usage or configuration error, 130 interrupted.

        Example:
          poolpipe run photos/ -o out/ --format npy --stages 'avg(2) | max(2)'
          poolpipe run train/ -o out/ --stages 'crop(224)' --pack tar --labels folder
        """
    )

    @OptionGroup var batch: BatchCLIOptions

    @Option(help: "The stage list, e.g. 'avg(2) | max(3, stride=2, padding=1)'.")
    var stages: String?

    @Option(help: "A YAML or JSON file whose 'stages:' list replaces --stages.")
    var config: String?

    func validate() throws {
        switch (stages, config) {
        case (.some, .some): throw ValidationError("give --stages or --config, not both")
        case (nil, nil): throw ValidationError("give the stage list with --stages SPEC or --config FILE")
        default: break
        }
    }

    func run() throws {
        let list: StageList
        do {
            if let spec = stages {
                list = try StageList.parse(spec)
            } else {
                list = try StageList.load(configFile: config ?? "")
            }
        } catch {
            throw BatchCLI.fail("\(stages != nil ? "--stages" : "--config"): \(error)")
        }
        try BatchCLI.execute(batch, job: StageListJob(stages: list, color: batch.colorOptions))
    }
}
