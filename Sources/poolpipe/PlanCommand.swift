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

    @Option(help: "The stage list, e.g. 'avg(2) | max(3, stride=2, padding=1)'.")
    var stages: String?

    @Option(help: "A YAML or JSON file whose 'stages:' list replaces --stages.")
    var config: String?

    @Option(help: "The input size as HxW (height × width), or N for N×N (required).")
    var size: String?

    func run() throws {
        do {
            let list: StageList
            switch (stages, config) {
            case let (spec?, nil): list = try StageList.parse(spec)
            case let (nil, path?): list = try StageList.load(configFile: path)
            case (.some, .some): throw PlanUsageError(reason: "give --stages or --config, not both")
            case (nil, nil): throw PlanUsageError(reason: "give the stage list with --stages SPEC or --config FILE")
            }
            guard let size else { throw PlanUsageError(reason: "give the input size with --size HxW") }
            let (height, width) = try Self.parseSize(size)
            print(try PlanReport.render(list, height: height, width: width), terminator: "")
        } catch let error as StageListError {
            throw Self.fail(error.description)
        } catch let error as PlanUsageError {
            throw Self.fail(error.reason)
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

    /// Prints `poolpipe: error: <reason>` on stderr and returns exit status 2 to throw.
    static func fail(_ reason: String) -> ExitCode {
        FileHandle.standardError.write(Data("poolpipe: error: \(reason)\n".utf8))
        return ExitCode(2)
    }
}

/// A usage error of `poolpipe plan` (options missing, conflicting or malformed).
struct PlanUsageError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
