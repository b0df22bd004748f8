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
        Folders are walked recursively for .png .jpg .jpeg .npy (any case; names starting with '.' are skipped; symbolic links are followed, each folder once). --include and --exclude globs match the path relative to its input folder, fnmatch-style ('*' also matches '/'). Outputs go to OUT/<relative path>/<stem>.<ext>; a file named directly goes to OUT/<stem>.<ext>; with several input folders each goes under OUT/<folder name>/. Names are the paths as given (a symbolic link keeps its own name). A run never writes over its inputs: an output that is an input fails that input, and OUT inside an input folder is not searched. Finding no input at all is a usage error.

        A manifest (JSON Lines) records every input. A rerun skips an input whose last record is done with the same size, mtime, stages and settings and whose output exists; --force redoes it. Outputs are written to a temporary file and renamed, so a final path never holds a partial file. SIGINT/SIGTERM finish the images in flight (saying how many), record them and exit 130; a second one aborts them, leaving no partial file.

        --shard K/N takes the inputs whose 64-bit FNV-1a hash of the relative path is K mod N and writes OUT/manifest-K-of-N.jsonl; --shard auto takes K = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP and N = SLURM_ARRAY_TASK_COUNT (with --shards N and fewer tasks, K = SLURM_ARRAY_TASK_ID), or K = JOB_COMPLETION_INDEX with --shards N. Resume reads every manifest*.jsonl in OUT; 'poolpipe status OUT' shows how far a sharded run has got.

        --pack tar writes WebDataset shards OUT/shard-000000.tar, ... (--shard-size samples each; <key>.npy, <key>.json and, with --labels folder, <key>.cls), in sorted input order with fixed tar metadata, resumable per shard; --pack npy writes one array OUT/data.npy (N, ...) with OUT/index.jsonl. --dtype, --layout and --normalize shape every .npy output. See docs/datasets.md.

        The closing line 'processed N, skipped S, failed F in T s' goes to stdout; errors go to stderr as 'poolpipe: error: PATH: reason'. Exit status: 0 all done or skipped, 1 some failed, 2 usage or configuration error, 130 interrupted.

        Example:
          poolpipe run photos/ -o out/ --format npy --stages 'avg(2) | max(2)'
          poolpipe run train/ -o out/ --stages 'crop(224)' --pack tar --labels folder
        """
    )

    @OptionGroup var batch: BatchCLIOptions

    @Option(help: "The stage list, e.g. 'avg(2) | max(3, stride=2, padding=1)' (kernel, then stride=, padding=, ...; 'poolpipe ops' lists every op and its arguments).")
    var stages: String?

    @Option(help: "A YAML or JSON file: its 'stages:' list is used when --stages is not given, and its other keys set long options (e.g. 'format: npy'); the command line wins.")
    var config: String?

    func validate() throws {
        if stages == nil && config == nil {
            throw ValidationError("give the stage list with --stages SPEC or --config FILE")
        }
    }

    func run() throws {
        let list = try StageSource.resolve(stages: stages, config: config,
                                           configKeys: StageSource.configKeys(Self.self))
        try BatchCLI.execute(batch, job: StageListJob(stages: list, color: batch.colorOptions))
    }
}
