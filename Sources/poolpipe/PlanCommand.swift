import ArgumentParser
import Foundation
import Pipeline

/// `poolpipe plan --stages SPEC --size HxW`: prints each stage's output size, padding and
/// edge windows for an input size, without touching an image.
///
/// An invalid stage list, config or size prints `poolpipe: error: <reason>` on stderr and
/// exits with status 2; nothing is printed on stdout then.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a stage list does to an input size, without touching an image.",
        discussion: """
        For each stage, and each pass of a repeat/until stage, prints the size in and out, \
        the padding before+after and the edge windows per axis: partial windows touch the \
        padding or run past the edge; dropped cells are input cells that no window covers.

        Example: poolpipe plan --stages 'avg(2, until=256) | blur' --size 3000x4000
        """
    )

    @Option(help: "The stage list, e.g. 'avg(2) | max(3, stride=2, padding=1)' ('poolpipe ops' lists every op and its arguments).")
    var stages: String?

    @Option(help: "A YAML or JSON file: its 'stages:' list is used when --stages is not given; its other keys set options (e.g. 'size: 3000x4000').")
    var config: String?

    @Option(help: "The input size as HxW (height x width, as 'info' prints it), or N for NxN (required).")
    var size: String?

    func run() throws {
        let list = try StageSource.resolve(stages: stages, config: config,
                                           configKeys: StageSource.configKeys(Self.self))
        do {
            guard let size else { throw PlanUsageError(reason: "give the input size with --size HxW") }
            let (height, width) = try Self.parseSize(size)
            print(try PlanReport.render(list, height: height, width: width), terminator: "")
        } catch let error as StageListError {
            throw CLIError.usage(error.description)
        } catch let error as PlanUsageError {
            throw CLIError.usage(error.reason)
        }
    }

    /// Reads `HxW` (also `HXW`, `H×W`) or `N`; both sides at least 1.
    static func parseSize(_ text: String) throws -> (Int, Int) {
        switch StageSyntax.parseValue(text) {
        case let .size(h, w)? where h >= 1 && w >= 1: return (h, w)
        case let .int(n)? where n >= 1: return (n, n)
        default:
            throw PlanUsageError(reason: "--size \"\(text)\" is not a size: write HxW (e.g. 3000x4000) or N, each at least 1")
        }
    }
}

/// A usage error of `poolpipe plan` (options missing, conflicting or malformed).
struct PlanUsageError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
