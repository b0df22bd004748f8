import Foundation
import ImageTensor

/// What is computed once from a source before its lists run, three independent passes
/// over the full-size image done in parallel: the zoom region (given, or picked), the
/// per-channel means, and the contact-sheet picture.
struct SourcePrelude {
    let region: Region
    let channelMeans: [Double]
    let cellPicture: Tensor

    /// - Precondition: `source` has at least one pixel and 1–4 channels; `sheet` is the
    ///   source's contact sheet (for the cell size).
    init(_ source: Tensor, region given: Region?, sheet: ContactSheet) {
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 3) { task in
            switch task {
            case 0: box.set(region: given ?? RegionPicker.pick(source))
            case 1: box.set(means: ChannelStatistics.means(source))
            default: box.set(cell: sheet.cellPicture(source))
            }
        }
        region = box.region!; channelMeans = box.means; cellPicture = box.cell!
    }

    /// Results written by the three tasks, each to its own field, under a lock.
    // @unchecked Sendable, proved by hand: each field is written only under `lock`, and read
    // only after `concurrentPerform` has returned, which orders every write before the reads.
    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var region: Region?
        private(set) var means: [Double] = []
        private(set) var cell: Tensor?
        func set(region r: Region) { lock.lock(); region = r; lock.unlock() }
        func set(means m: [Double]) { lock.lock(); means = m; lock.unlock() }
        func set(cell c: Tensor) { lock.lock(); cell = c; lock.unlock() }
    }
}
