import Testing
import Foundation

/// `poolpipe plan`: output for a hand-checked case, config files, and exit status 2 with
/// nothing on stdout for invalid input.
@Suite struct PlanCLITests {
    @Test func plansAHandCheckedList() throws {
        // max(3, stride=2, padding=1) on 7×5: 4×3, two windows per axis reach the padding;
        // avg(2, until=2) on 4×3: one pass to 2×1, dropping the third column.
        let r = try PoolPipeBinary.run(["plan", "--stages", "max(3, stride=2, padding=1) | avg(2, until=2)",
                                        "--size", "7x5"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == """
            input 7×5 (H×W)
            stage 1: max(3, stride=2, padding=1, dilation=1, ceil=false)
              7×5 → 4×3; rows: padding 1+1, 2 partial windows, 0 dropped cells; cols: padding 1+1, 2 partial windows, 0 dropped cells
            stage 2: avg(2, stride=2, padding=0, ceil=false, count_pad=true, until=2)
              pass 1: 4×3 → 2×1; rows: padding 0+0, 0 partial windows, 0 dropped cells; cols: padding 0+0, 0 partial windows, 1 dropped cell
            output 2×1

            """)
    }

    /// Sizes are height×width everywhere: `info` prints what `plan --size` reads, and `run`
    /// gives the shape `plan` predicts.
    @Test func infoPlanAndRunAgreeOnHeightByWidth() throws {
        let tmp = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: tmp) }
        try RunFixtures.writeImages(tmp, names: ["tall.png"], height: 40, width: 18)
        let info = try PoolPipeBinary.run(["info", "tall.png"], cwd: tmp)
        #expect(info.stdout.hasPrefix("tall.png: PNG 40×18 (H×W), "))
        let plan = try PoolPipeBinary.run(["plan", "--stages", "avg(2)", "--size", "40x18"])
        #expect(plan.stdout.hasPrefix("input 40×18 (H×W)\n"))
        #expect(plan.stdout.hasSuffix("output 20×9\n"))
        let run = try PoolPipeBinary.run(["run", "tall.png", "-o", "out", "--stages", "avg(2)"], cwd: tmp)
        #expect(run.status == 0)
        let shape = try RunFixtures.lastRecords(tmp.appendingPathComponent("out/manifest.jsonl")).values.first?["output_shape"] as? [Int]
        #expect(shape == [20, 9, 3])
    }

    @Test func aSquareSizeAndTheFinalLine() throws {
        // 3000 → 1500 → 750 → 375 → 187: four passes until the side is ≤ 256.
        let r = try PoolPipeBinary.run(["plan", "--stages", "avg(2, until=256)", "--size", "3000"])
        #expect(r.status == 0)
        #expect(r.stdout.components(separatedBy: "\n  pass ").count == 5)
        #expect(r.stdout.hasSuffix("output 187×187\n"))
    }

    @Test func readsAConfigFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("stages.yaml")
        try "stages:\n  - {op: max, kernel: 3, stride: 2, padding: 1}\n  - {op: avg, kernel: 2, until: 2}\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let fromConfig = try PoolPipeBinary.run(["plan", "--config", config.path, "--size", "7x5"])
        let fromString = try PoolPipeBinary.run(["plan", "--stages", "max(3, stride=2, padding=1) | avg(2, until=2)",
                                                 "--size", "7x5"])
        #expect(fromConfig.status == 0)
        #expect(fromConfig.stdout == fromString.stdout)
    }

    static let invalid: [([String], String)] = [
        (["--stages", "avg(2) | max(3, padding=2)", "--size", "64x64"],
         "poolpipe: error: stage 2 \"max(3, padding=2)\": padding 2 is more than half of kernel 3\n"),
        (["--stages", "avg(2", "--size", "64x64"], "poolpipe: error: stage 1 \"avg(2\": missing \")\"\n"),
        (["--stages", "max(3, stride=1, padding=1, until=64)", "--size", "512x512"],
         "poolpipe: error: stage 1 \"max(3, stride=1, padding=1, until=64)\" stops shrinking at 512×512\n"),
        (["--stages", "", "--size", "8"], "poolpipe: error: the stage list is empty\n"),
        (["--stages", "avg(2)", "--size", "0x4"],
         "poolpipe: error: --size \"0x4\" is not a size: write HxW (e.g. 3000x4000) or N, each at least 1\n"),
        (["--size", "8"], "poolpipe: error: give the stage list with --stages SPEC or --config FILE\n"),
        (["--stages", "avg(2)"], "poolpipe: error: give the input size with --size HxW\n"),
        (["--stages", "avg(2)", "--config", "x.yaml", "--size", "8"],
         "poolpipe: error: --config x.yaml: no such file\n"),
    ]

    @Test(arguments: invalid)
    func invalidInputExitsWithStatus2(arguments: [String], stderr: String) throws {
        let r = try PoolPipeBinary.run(["plan"] + arguments)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == stderr)
    }

    @Test func anOutputBelowOnePixelIsAnError() throws {
        let r = try PoolPipeBinary.run(["plan", "--stages", "avg(5) | avg(5)", "--size", "12x12"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("poolpipe: error: stage 2 \"avg(5)\": "))
    }
}
