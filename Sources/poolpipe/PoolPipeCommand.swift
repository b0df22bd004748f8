import ArgumentParser
import Foundation

@main
struct PoolPipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poolpipe",
        abstract: "Decode PNG/JPEG/NPY images, pool them through a list of stages, write images or tensors.",
        discussion: """
        A stage list is one string: stages separated by '|', each 'op(args)' with positional \
        arguments first, then name=value; sizes are N or HxW; every stage takes repeat=N or until=S. \
        'poolpipe ops' (or 'poolpipe help stages') lists every op with its arguments \
        (kernel, stride, padding, ...), defaults and an example; 'poolpipe plan' shows what a \
        list does to a size. Sizes are always height x width (HxW).

        Examples:
          poolpipe run photos/ -o out/ --stages 'avg(2) | max(3, stride=2, padding=1)'
          poolpipe run data/ -o tensors/ --format npy --stages 'avg(2)' --shard auto
          poolpipe run train/ -o ds/ --pack tar --stages 'resize(short=256)|crop(224)'
          poolpipe thumbnail photos/ -o thumbs/ --size 256
          poolpipe inspect photo.png -o report/ --stages 'max(2)' --stages blur
          poolpipe plan --stages 'avg(2, until=256) | blur' --size 3000x4000
          poolpipe info photo.jpg
          poolpipe status tensors/

        Exit status: 0 every input done or skipped, 1 some inputs failed, 2 usage or \
        configuration error (nothing processed), 130 interrupted.
        """,
        version: PoolPipeVersion.string,
        subcommands: [RunCommand.self, ThumbnailCommand.self, InspectCommand.self, PlanCommand.self, InfoCommand.self,
                      StatusCommand.self, OpsCommand.self]
    )

    /// Runs the command line; usage mistakes that argument-parser finds (unknown options,
    /// missing values) exit with status 2, like every other usage error (PRODUCT.md §3).
    static func main() {
        AllocatorTuning.apply()
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            let prepared = try CommandLinePreflight.arguments(arguments)
            var command: ParsableCommand
            do {
                command = try parseAsRoot(prepared)
            } catch {
                // An ExitCode was thrown (and its message printed) by poolpipe's own checks.
                if !(error is ExitCode) { try CommandLinePreflight.explainFailure(arguments) }
                throw error
            }
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                CLIError.printParserMessage(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

enum PoolPipeVersion {
    static let string = "0.1.0"
}
