import Foundation

/// A fresh temporary folder for one test; removed by the caller.
func makeScratchFolder(_ label: String = "pipeline-test") throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Creates a file (and its folders) with `contents` at `root/relative`.
func touch(_ root: String, _ relative: String, _ contents: String = "x") throws {
    let path = root + "/" + relative
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                            withIntermediateDirectories: true)
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
}
