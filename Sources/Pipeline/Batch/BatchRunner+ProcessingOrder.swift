import Foundation
import ImageCodecs

extension BatchRunner {
    /// The order in which workers take the items: input order for one worker; for several,
    /// the costliest first (ties in input order), so that a big image is not the last one
    /// left running on one core while the others idle — the longest-processing-time-first
    /// rule. Costs are `estimatedCost`; a batch larger than `headerLimit` items, where the
    /// tail hardly matters, is ordered by file size alone (no file is opened).
    static func processingOrder(_ items: [PlannedOutput], jobs: Int, headerLimit: Int = 4096) -> [Int] {
        guard jobs > 1, items.count > jobs else { return Array(items.indices) }
        let costs = items.map { estimatedCost(path: $0.input.absolutePath, readHeader: items.count <= headerLimit) }
        return items.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
    }

    /// Decode work in rough units of a byte of PNG pixels: a PNG's inflated size from its
    /// IHDR (inflating and unfiltering dominate), or six times the file size for anything
    /// else (a JPEG's entropy decoding scales with its compressed bytes, about six times
    /// slower per byte than inflating, as measured on the benchmark photos). A file that
    /// cannot be `stat`ed counts as empty; its error is reported when it is processed. Only
    /// files not named `.jpg`, `.jpeg` or `.npy` are opened to look for a PNG header (this
    /// runs for every input before the first is decoded).
    static func estimatedCost(path: String, readHeader: Bool) -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0 }
        let size = Int64(st.st_size)
        guard readHeader, (st.st_mode & S_IFMT) == S_IFREG, size >= 33,
              !hasNonPNGExtension(path) else { return 6 * size }
        guard let png = HeaderPeek(path: path)?.png else { return 6 * size }
        let bits = max(1, png.bitDepth)
        // A hostile header may claim 2^31 × 2^31 pixels: count in Double, then saturate.
        let raw = Double(png.width) * Double(png.height) * Double(png.samplesPerPixel * bits) / 8
        return max(size, raw < 1e18 ? Int64(raw) : Int64(1e18))
    }

    /// Whether `path` ends in `.jpg`, `.jpeg` or `.npy` (any case).
    static func hasNonPNGExtension(_ path: String) -> Bool {
        guard let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let ext = path[path.index(after: dot)...].lowercased()
        return ext == "jpg" || ext == "jpeg" || ext == "npy"
    }
}
