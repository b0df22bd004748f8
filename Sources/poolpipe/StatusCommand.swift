import ArgumentParser
import Foundation
import Pipeline

/// `poolpipe status OUT [--json] [--manifest FILE ...]`: how far a (sharded) run has got.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far a run into OUT has got, across all its manifests (every shard).",
        discussion: """
        Reads every manifest*.jsonl in OUT (each shard's manifest-K-of-N.jsonl, the unsharded manifest.jsonl) and counts each input once, by its latest record: done (ok or skipped), failed, or pending (neither yet; the number of inputs comes from the runs' records). Prints a line per manifest (shard), the shards of a layout that have not started, and the failed inputs with their errors. Safe to run while the run is writing: a line being written is ignored.

        Exit status: 0 every input done; 1 some inputs failed; 3 inputs pending (none failed so far), or nothing recorded yet; 2 usage error (OUT is not a folder).

        Example:
          watch -n 30 poolpipe status /shared/tensors
        """
    )

    @Argument(help: "The output folder of the run.")
    var output: String

    @Flag(help: "Print the status as one JSON object (every failed input listed).")
    var json = false

    @Option(help: "Also read this manifest (one given to run with --manifest outside OUT); repeatable.")
    var manifest: [String] = []

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDir), isDir.boolValue else {
            throw BatchCLI.fail("\(output) is not a folder (give the OUT of the run)")
        }
        let cwd = FileManager.default.currentDirectoryPath
        let folder = InputWalker.absolute(output, cwd: cwd)
        let status = RunStatus(folder: folder, including: manifest.map { InputWalker.absolute($0, cwd: cwd) })
        if json {
            print(status.json.serialized)
        } else {
            var shown = status
            shown.folder = output
            for line in shown.textLines() { print(line) }
        }
        fflush(nil)  // flushes stdout (naming the C global `stdout` is not concurrency-safe in Swift 6)
        if status.isComplete { return }
        throw ExitCode(status.total.failed > 0 ? 1 : 3)
    }
}
