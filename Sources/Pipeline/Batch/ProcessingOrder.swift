import Foundation

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
    /// cannot be `stat`ed counts as empty; its error is reported when it is processed.
    static func estimatedCost(path: String, readHeader: Bool) -> Int64 {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0 }
        let size = Int64(st.st_size)
        guard readHeader, (st.st_mode & S_IFMT) == S_IFREG, size >= 33 else { return 6 * size }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return 6 * size }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 26)
        guard pread(fd, &head, head.count, 0) == head.count,
              head[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              head[12..<16].elementsEqual(Array("IHDR".utf8)) else { return 6 * size }
        func be32(_ i: Int) -> Int64 { head[i..<(i + 4)].reduce(0) { $0 << 8 | Int64($1) } }
        let samples: Int64
        switch head[25] {  // colour type
        case 0, 3: samples = 1
        case 4: samples = 2
        case 2: samples = 3
        default: samples = 4
        }
        let bits = max(1, Int64(head[24]))
        // A hostile header may claim 2^31 × 2^31 pixels: count in Double, then saturate.
        let raw = Double(be32(16)) * Double(be32(20)) * Double(samples * bits) / 8
        return max(size, raw < 1e18 ? Int64(raw) : Int64(1e18))
    }
}
