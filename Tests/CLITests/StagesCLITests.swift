import Testing
import Foundation

/// The stage language and `--config` files as the command line sees them (through
/// `poolpipe plan`, which reads stage lists exactly as `run` does).
@Suite struct StagesCLITests {
    private func plan(_ arguments: [String]) throws -> ProcessResult {
        try PoolPipeBinary.run(["plan"] + arguments + ["--size", "64x48"])
    }

    @Test func spellingsOfTheSameListPlanTheSame() throws {
        let reference = try plan(["--stages", "max(3x3, stride=2, padding=1) | avg(2, padding=\"same\") | blur"])
        #expect(reference.status == 0)
        for spec in ["max(3, stride=2x2, padding=1)|avg(2,padding=same)|blur()",
                     "  max( 3X3 , stride = 2 , padding=1 ) |\n avg(2, padding='same') | blur(filter=3, stride=2)",
                     "max(3×3, 2, 1) | avg(2, 2, same) | blur"] {
            let r = try plan(["--stages", spec])
            #expect(r.status == 0, "\(spec): \(r.stderr)")
            #expect(r.stdout == reference.stdout, "\(spec)")
        }
    }

    @Test func yamlAndJSONConfigsPlanLikeTheString() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("p.yaml"), json = dir.appendingPathComponent("p.json")
        try "stages:\n  - op: avg\n    kernel: 2\n    repeat: 2\n  - op: adaptive_max\n    size: [5, 4]\n"
            .write(to: yaml, atomically: true, encoding: .utf8)
        try #"{"stages": [{"op": "avg", "kernel": 2, "repeat": 2}, {"op": "adaptive_max", "size": "5x4"}]}"#
            .write(to: json, atomically: true, encoding: .utf8)
        let reference = try plan(["--stages", "avg(2, repeat=2) | adaptive_max(5x4)"])
        #expect(reference.status == 0)
        #expect(reference.stdout.hasSuffix("output 5×4\n"))
        for file in [yaml, json] {
            let r = try plan(["--config", file.path])
            #expect(r.status == 0, "\(file.lastPathComponent): \(r.stderr)")
            #expect(r.stdout == reference.stdout)
        }
    }

    @Test func configErrorsNameTheFileAndTheStage() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml")
        try "stages:\n  - {op: avg, kernel: 2}\n  - {op: median, kernel: 3, colour: red}\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let r = try plan(["--config", bad.path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("poolpipe: error: \(bad.path): stage 2 \"median(kernel=3, colour=red)\": "))
        let missing = try plan(["--config", dir.appendingPathComponent("none.yaml").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasSuffix("none.yaml: no such file\n"))
    }

    @Test func unknownOpsListTheKnownOnes() throws {
        let r = try plan(["--stages", "avg(2) | avg(2) | foo(2)"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("poolpipe: error: stage 3 \"foo(2)\": unknown op \"foo\" (known: "))
        #expect(r.stderr.contains("adaptive_avg") && r.stderr.contains("pmean"))
    }
}
