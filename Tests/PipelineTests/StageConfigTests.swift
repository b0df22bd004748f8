import Testing
import Foundation
@testable import Pipeline

/// `--config` files: YAML and JSON give the same list as the stage-language string.
@Suite struct StageConfigTests {
    static let spec = "avg(2) | max(3, stride=2, padding=1) | avg(2, until=256) | adaptive_avg(64x64) | blur"

    static let yaml = """
        # thumbnails for the model
        stages:
          - op: avg
            kernel: 2
          - {op: max, kernel: 3, stride: 2, padding: 1}
          - op: avg
            kernel: 2
            until: 256
          - op: adaptive_avg
            size: 64x64
          - op: blur
        """

    static let json = """
        {
        \t"stages": [
        \t\t{"op": "avg", "kernel": 2},
        \t\t{"op": "max", "kernel": 3, "stride": 2, "padding": 1},
        \t\t{"op": "avg", "kernel": 2, "until": 256},
        \t\t{"op": "adaptive_avg", "size": [64, 64]},
        \t\t{"op": "blur"}
        \t]
        }
        """

    @Test func yamlEqualsTheStringForm() throws {
        #expect(try StageList.load(configText: Self.yaml).canonical == StageList.parse(Self.spec).canonical)
    }

    @Test func jsonEqualsTheStringForm() throws {
        #expect(try StageList.load(configText: Self.json).canonical == StageList.parse(Self.spec).canonical)
    }

    @Test func sizesMayBeANumberAStringOrAList() throws {
        let expected = try StageList.parse("max(3x3, stride=2x1)").canonical
        for (kernel, stride) in [("3", "2x1"), ("\"3x3\"", "\"2x1\""), ("[3, 3]", "[2, 1]"), ("3X3", "2×1")] {
            let text = "stages:\n  - op: max\n    kernel: \(kernel)\n    stride: \(stride)\n"
            #expect(try StageList.load(configText: text).canonical == expected)
        }
    }

    @Test func valuesOfEveryKind() throws {
        let text = """
            stages:
              - {op: avg, kernel: 3, padding: 1, ceil: true, count_pad: false, repeat: 2}
              - {op: max, kernel: 2, padding: same, dilation: 2}
              - {op: lp, p: 2.5, kernel: 2}
              - {op: pmean, p: 1e-3, kernel: 2, padding: "valid"}
            """
        let expected = "avg(3, padding=1, ceil=true, count_pad=false, repeat=2) | max(2, padding=same, dilation=2) "
            + "| lp(2.5, 2) | pmean(0.001, 2, padding=valid)"
        #expect(try StageList.load(configText: text).canonical == StageList.parse(expected).canonical)
    }

    @Test func stagesMayBeStageLanguageStrings() throws {
        let expected = try StageList.parse(Self.spec).canonical
        #expect(try StageList.load(configText: "stages: \"\(Self.spec)\"").canonical == expected)
        let list = "stages:\n  - avg(2)\n  - \"max(3, stride=2, padding=1)\"\n  - {op: avg, kernel: 2, until: 256}\n"
            + "  - adaptive_avg(64x64)\n  - blur\n"
        #expect(try StageList.load(configText: list).canonical == expected)
    }

    @Test func configStagesKeepTheirTextForMessages() throws {
        let list = try StageList.load(configText: "stages:\n  - {op: max, kernel: [3, 2], ceil: true}\n  - op: blur\n")
        #expect(list.stages.map(\.source) == ["max(kernel=[3, 2], ceil=true)", "blur"])
    }

    static let errors: [(String, String)] = [
        ("stages:\n  - {op: avg, kernel: 2}\n  - {op: max, kernel: 3, padding: 2}\n",
         "stage 2 \"max(kernel=3, padding=2)\": padding 2 is more than half of kernel 3"),
        ("stages:\n  - {op: avg, kernel: 2}\n  - {kernel: 3}\n", "stage 2 has no \"op\" key"),
        ("stages:\n  - {op: avg, kernel: [3, 3, 3]}\n",
         "stage 1 \"avg(kernel=[3, 3, 3])\": kernel must be a number, a size \"HxW\" or [height, width], not a list of 3 items"),
        ("stages:\n  - {op: avg, kernel: }\n", "stage 1 \"avg(kernel=)\": kernel has no value"),
        ("stages:\n  - {op: avg, kernel: 2, repeat: 2, until: 4}\n",
         "stage 1 \"avg(kernel=2, repeat=2, until=4)\": repeat and until cannot be combined"),
        ("stages:\n  - avg(2\n", "stage 1 \"avg(2\": missing \")\""),
        ("stages:\n  - 3\n", "stage 1 must be a map with \"op\" and its arguments, or a stage string"),
        ("stages: []\n", "the stage list is empty"),
        ("stage:\n  - avg(2)\n", "unknown top-level key \"stage\" (known: stages)"),
        ("{}", "no \"stages\" key"),
        ("- avg(2)\n", "expected a map with a \"stages\" key at the top"),
        ("stages: 3\n", "\"stages\" must be a list of stages"),
    ]

    @Test(arguments: errors)
    func configErrors(text: String, message: String) {
        #expect {
            try StageList.load(configText: text)
        } throws: { error in
            (error as? StageListError)?.description == message
        }
    }

    @Test func invalidYAMLSaysWhere() {
        #expect {
            try StageList.load(configText: "stages: [avg(2)\n")
        } throws: { error in
            let text = (error as? StageListError)?.description ?? ""
            return text.hasPrefix("not valid YAML or JSON: ") && !text.contains("\n")
        }
    }

    @Test func fileErrorsNameTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stage-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json").path
        try Self.json.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try StageList.load(configFile: good).canonical == StageList.parse(Self.spec).canonical)

        let bad = dir.appendingPathComponent("bad.yaml").path
        try "stages:\n  - op: avg\n    kernel: 2\n  - op: max\n    kernel: 3\n    padding: 2\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        #expect {
            try StageList.load(configFile: bad)
        } throws: { error in
            let e = error as? StageListError
            return e?.stageIndex == 2 && e?.description
                == "\(bad): stage 2 \"max(kernel=3, padding=2)\": padding 2 is more than half of kernel 3"
        }
        let missing = dir.appendingPathComponent("missing.yaml").path
        #expect(throws: StageListError.inFile(file: missing, error: .badConfig(reason: "no such file"))) {
            try StageList.load(configFile: missing)
        }
    }
}
