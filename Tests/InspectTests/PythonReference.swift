import Foundation
@testable import ImageCodecs
import ImageTensor
import Testing

/// Runs numpy / scikit-image on tensors saved as `.npy`: the independent reference for the
/// metrics and the spectrum.
enum PythonReference {
    /// Saves `tensors` as `t0.npy`, `t1.npy`, … in a temporary folder, runs
    /// `python3 -c script folder` and returns its stdout split into numbers.
    static func numbers(_ script: String, tensors: [Tensor]) throws -> [Double] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pyref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, t) in tensors.enumerated() {
            let bytes = try ImageEncoder.encode(t, options: EncodeOptions(format: .npy))
            try Data(bytes).write(to: dir.appendingPathComponent("t\(i).npy"))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, """
            python3 failed (numpy and scikit-image are needed: tools/install-deps.sh): \
            \(String(decoding: e, as: UTF8.self))
            """)
        return String(decoding: o, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
    }

    /// Python that loads `t<i>.npy` as `t[i]` (float64) and defines `planes(a)`: clamp to
    /// [0, 1] and premultiply colour by alpha (channels 2 and 4), as the report compares.
    static let prelude = """
    import sys, os, glob, numpy as np
    d = sys.argv[1]
    t = [np.load(os.path.join(d, "t%d.npy" % i)).astype(np.float64) for i in range(len(glob.glob(os.path.join(d, "*.npy"))))]
    t = [a if a.ndim == 3 else a[..., None] for a in t]
    def planes(a):
        a = np.clip(a, 0, 1)
        if a.shape[2] in (2, 4):
            a = np.concatenate([a[..., :-1] * a[..., -1:], a[..., -1:]], axis=2)
        return a
    def nearest(a, h, w):
        return a[(np.arange(h) * a.shape[0]) // h][:, (np.arange(w) * a.shape[1]) // w]

    """
}
