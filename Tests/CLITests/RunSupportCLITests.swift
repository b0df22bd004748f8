import Foundation
import Testing

/// Helpers for the `poolpipe run` end-to-end tests: images written by Python (numpy + Pillow,
/// an independent implementation), folder listings and manifest parsing.
enum RunFixtures {
    /// Runs `python3 -c script args...`; returns stdout. Fails the test on a non-zero status.
    @discardableResult
    static func python(_ script: String, _ args: [String] = []) throws -> String {
        let r = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + args)
        #expect(r.status == 0, "python failed: \(r.stderr)")
        return r.stdout
    }

    /// Writes `count` random RGB images of `height`×`width` under `root`, named by
    /// `names(i)` (relative paths; the extension picks PNG or JPEG), seeded by `seed`.
    static func writeImages(_ root: URL, names: [String], height: Int = 16, width: Int = 24, seed: Int = 1) throws {
        try python("""
        import sys, os, numpy as np
        from PIL import Image
        root, h, w, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        rng = np.random.default_rng(seed)
        for name in sys.argv[5:]:
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            a = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
            ext = name.lower().rsplit('.', 1)[-1]
            if ext == 'npy':
                np.save(path, a)
            else:
                Image.fromarray(a).save(path, format='JPEG' if ext in ('jpg', 'jpeg') else 'PNG')
        """, [root.path, String(height), String(width), String(seed)] + names)
    }

    /// Relative paths of the regular files under `root`, sorted.
    static func files(_ root: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var result: [String] = []
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue {
                result.append(rel)
            }
        }
        return result.sorted()
    }

    /// The JSON objects of a manifest, in order.
    static func manifest(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The last record of each input (ignoring run records).
    static func lastRecords(_ url: URL) throws -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for r in try manifest(url) {
            if let input = r["input"] as? String { result[input] = r }
        }
        return result
    }

    static func bytes(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }
}
