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
        // Each task writes its own field; all are read after `concurrentPerform` returns.
        let results = Locked<(region: Region?, means: [Double], cell: Tensor?)>((nil, [], nil))
        DispatchQueue.concurrentPerform(iterations: 3) { task in
            switch task {
            case 0:
                let r = given ?? RegionPicker.pick(source)
                results.withLock { $0.region = r }
            case 1:
                let m = ChannelStatistics.means(source)
                results.withLock { $0.means = m }
            default:
                let c = sheet.cellPicture(source)
                results.withLock { $0.cell = c }
            }
        }
        let done = results.current
        region = done.region!; channelMeans = done.means; cellPicture = done.cell!
    }
}
