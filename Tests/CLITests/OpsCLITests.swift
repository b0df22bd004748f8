import Foundation
import Testing

/// `poolpipe ops`, `poolpipe help stages` and the "did you mean" suggestions.
///
/// `ops` is compared with `Golden/ops.txt`; when an op is added to the registry, regenerate
/// it with `poolpipe ops > Tests/CLITests/Golden/ops.txt` and review the difference.
@Suite("poolpipe ops and suggestions")
struct OpsCLITests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/ops.txt")

    @Test func opsPrintsTheRegistryReference() throws {
        let r = try PoolPipeBinary.run(["ops"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(r.stdout == expected)
    }

    @Test func helpStagesPrintsTheSameReference() throws {
        let ops = try PoolPipeBinary.run(["ops"])
        for topic in ["stages", "ops"] {
            let r = try PoolPipeBinary.run(["help", topic])
            #expect(r.status == 0)
            #expect(r.stdout == ops.stdout)
        }
    }

    /// Every op the parser knows is listed with an example that `plan` accepts.
    @Test func everyKnownOpIsListedWithAWorkingExample() throws {
        let unknown = try PoolPipeBinary.run(["plan", "--stages", "zzzz_no_op", "--size", "64"])
        let known = try #require(unknown.stderr.components(separatedBy: "(known: ").last?
            .components(separatedBy: ")").first?.components(separatedBy: ", "))
        let ops = try PoolPipeBinary.run(["ops"]).stdout
        #expect(known.count >= 13)
        for name in known {
            let heading = ops.split(separator: "\n").first { $0 == name || $0.hasPrefix("\(name)(") }
            #expect(heading != nil, "\(name) is not listed")
        }
        let examples = ops.split(separator: "\n").filter { $0.hasPrefix("    example: ") }
            .map { String($0.dropFirst("    example: ".count)) }
        #expect(examples.count == known.count)
        for example in examples {
            let r = try PoolPipeBinary.run(["plan", "--stages", example, "--size", "512x512"])
            #expect(r.status == 0, "\(example): \(r.stderr)")
        }
    }

    @Test func topLevelHelpPointsToTheReference() throws {
        let r = try PoolPipeBinary.run(["--help"])
        #expect(r.stdout.contains("'poolpipe ops' (or 'poolpipe help stages')"))
        #expect(r.stdout.contains("kernel"))
    }

    static let suggestions: [([String], String)] = [
        (["plan", "--stages", "max(2, strid=2)", "--size", "8"],
         "poolpipe: error: stage 1 \"max(2, strid=2)\": max takes no argument \"strid\"; did you mean \"stride\"? (max takes kernel, stride, padding, dilation, ceil, repeat, until)\n"),
        (["plan", "--stages", "avg(2) | avg(2, repaet=2)", "--size", "8"],
         "poolpipe: error: stage 2 \"avg(2, repaet=2)\": avg takes no argument \"repaet\"; did you mean \"repeat\"? (avg takes kernel, stride, padding, ceil, count_pad, repeat, until)\n"),
        (["plan", "--stages", "global_avg(size=2)", "--size", "8"],
         "poolpipe: error: stage 1 \"global_avg(size=2)\": global_avg takes no argument \"size\" (global_avg takes repeat, until)\n"),
        (["plan", "--stages", "mdian(3)", "--size", "8"],
         "poolpipe: error: stage 1 \"mdian(3)\": unknown op \"mdian\"; did you mean \"median\"? (known: adaptive_avg, adaptive_max, avg, blur, crop, fractional_max, global_avg, global_max, lp, max, maxblur, median, min, pmean, resize)\n"),
        (["plan", "--stage", "avg(2)", "--size", "8"],
         "poolpipe: error: unknown option --stage; did you mean --stages? (options of 'poolpipe plan': --stages --config --size --help)\n"),
        (["plan", "--stages", "avg(2)", "--sise", "8"],
         "poolpipe: error: unknown option --sise; did you mean --size? (options of 'poolpipe plan': --stages --config --size --help)\n"),
        (["plan", "--stages", "avg(2)", "--colour", "8"],
         "poolpipe: error: unknown option --colour (options of 'poolpipe plan': --stages --config --size --help)\n"),
    ]

    @Test(arguments: suggestions)
    func misspeltNamesGetTheClosestValidOne(arguments: [String], stderr: String) throws {
        let r = try PoolPipeBinary.run(arguments)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == stderr)
    }

    @Test func runOptionsGetSuggestionsToo() throws {
        let r = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stage", "avg(2)"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("poolpipe: error: unknown option --stage; did you mean --stages? (options of 'poolpipe run': --output --files-from "))
        let forse = try PoolPipeBinary.run(["run", "in", "-o", "out", "--stages", "avg(2)", "--forse"])
        #expect(forse.stderr.hasPrefix("poolpipe: error: unknown option --forse; did you mean --force? "))
    }
}
