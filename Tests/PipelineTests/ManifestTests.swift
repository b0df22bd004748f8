import Testing
import Foundation
@testable import Pipeline

@Test func recordSerialisesAllFieldsInOrder() throws {
    let r = ManifestRecord(input: "/in/a \"q\".png", output: "/out/a.png", status: .ok, error: nil,
                           inputShape: [4, 6, 3], outputShape: [2, 3, 3], stages: "avg(2)", settings: "format=png",
                           milliseconds: 1.2345, decode: DecodeSummary(format: "png", bitDepth: 8, dctScale: 1, orientation: 1,
                                                                       colorModel: "rgb", warnings: ["w"]),
                           inputSize: 123, inputMtime: "2026-01-01T00:00:00.000000001Z")
    let line = r.jsonLine
    #expect(line.hasPrefix(#"{"input": "/in/a \"q\".png", "output": "/out/a.png", "status": "ok", "error": null, "input_shape": [4, 6, 3], "output_shape": [2, 3, 3]"#))
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(obj["ms"] as? Double == 1.235 || obj["ms"] as? Double == 1.234)
    #expect((obj["decode"] as? [String: Any])?["dct_scale"] as? Int == 1)
    #expect(obj["input_size"] as? Int == 123)
}

@Test func runRecordNamesVersionsAndCommand() throws {
    let r = RunRecord(poolpipeVersion: "0.1.0", libpngVersion: "1.6.43", libjpegVersion: "3.0.1",
                      commandLine: ["poolpipe", "run", "a b", "--stages", "avg(2)"], startTime: "2026-11-29T00:00:00.000Z",
                      shard: nil, jobs: 2)
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.jsonLine.utf8)) as? [String: Any])
    let run = try #require(obj["run"] as? [String: Any])
    #expect(run["poolpipe"] as? String == "0.1.0")
    #expect(run["command"] as? String == "poolpipe run 'a b' --stages 'avg(2)'")
    #expect(run["libjpeg"] as? String == "3.0.1")
}

@Test func readerKeepsEachInputsLastRecordAndSkipsBrokenLines() throws {
    let root = try makeScratchFolder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/manifest.jsonl"
    let w = try ManifestWriter(path: path)
    try w.append(RunRecord(poolpipeVersion: "0", libpngVersion: nil, libjpegVersion: nil, commandLine: [],
                           startTime: "t", shard: nil, jobs: 1).jsonLine)
    try w.append(ManifestRecord(input: "/a", output: "/o/a", status: .failed, stages: "s", settings: "x").jsonLine)
    try w.append(ManifestRecord(input: "/a", output: "/o/a", status: .ok, stages: "s", settings: "x",
                                inputSize: 5, inputMtime: "m").jsonLine)
    // Simulate a line cut short by kill -9; the next writer must start on a new line.
    let fh = try #require(FileHandle(forWritingAtPath: path))
    fh.seekToEndOfFile(); fh.write(Data(#"{"input": "/b", "sta"#.utf8)); try fh.close()
    let w2 = try ManifestWriter(path: path)
    try w2.append(ManifestRecord(input: "/c", output: nil, status: .failed, error: "bad", stages: "s", settings: "x").jsonLine)
    let last = ManifestReader.lastRecords(path: path)
    #expect(last.count == 2)
    #expect(last["/a"] == ResumeEntry(status: .ok, output: "/o/a", stages: "s", settings: "x", stamp: FileStamp(size: 5, mtime: "m")))
    #expect(last["/c"]?.status == .failed)
    #expect(ManifestReader.lastRecords(path: root + "/none.jsonl").isEmpty)
}

@Test func fileStampFormatsNanoseconds() {
    #expect(FileStamp.format(seconds: 0, fraction: 5, digits: 9) == "1970-01-01T00:00:00.000000005Z")
    #expect(FileStamp.format(seconds: 1_700_000_000, fraction: 123_456_789, digits: 9) == "2023-11-14T22:13:20.123456789Z")
    #expect(FileStamp.format(seconds: 253_402_300_799, fraction: 7, digits: 3) == "9999-12-31T23:59:59.007Z")
    // The run record's clock: ISO 8601 with milliseconds, as Foundation's formatter writes it.
    let now = RunRecord.now()
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    #expect(now.count == 24 && iso.date(from: now) != nil, "\(now)")
}
