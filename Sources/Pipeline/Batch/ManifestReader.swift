import Foundation

/// Reads a JSON Lines manifest for resuming.
enum ManifestReader {
    /// The last record of every input in the manifest at `path` (keyed by `input`).
    /// A missing file gives an empty map; lines that are not JSON objects (a line cut short by
    /// `kill -9`) and `{"run": ...}` records are ignored.
    public static func lastRecords(path: String) -> [String: ResumeEntry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var result: [String: ResumeEntry] = [:]
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            guard !line.isEmpty,
                  let obj = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any],
                  let input = obj["input"] as? String,
                  let statusText = obj["status"] as? String,
                  let status = InputStatus(rawValue: statusText) else { continue }
            var stamp: FileStamp?
            if let size = (obj["input_size"] as? NSNumber)?.int64Value, let mtime = obj["input_mtime"] as? String {
                stamp = FileStamp(size: size, mtime: mtime)
            }
            result[input] = ResumeEntry(status: status, output: obj["output"] as? String,
                                        stages: obj["stages"] as? String ?? "",
                                        settings: obj["settings"] as? String, stamp: stamp,
                                        inputShape: obj["input_shape"] as? [Int],
                                        outputShape: obj["output_shape"] as? [Int])
        }
        return result
    }
}
