import Foundation
import ImageCodecs
import ImageTensor
import Pooling

/// The stride-1 median filters PRODUCT.md §7 compares with OpenCV's `medianBlur`
/// (`kernel`, `padding`): the same output size and work per pixel (`medianBlur` replicates
/// edge pixels where poolpipe takes the lower median of the in-image samples).
let medianFilterCases: [(kernel: Int, padding: Int)] = [(3, 1), (5, 2)]

/// Times each median filter on the image at `imagePath` (any format poolpipe decodes; NPY
/// float32 keeps its samples) on one thread and on `options.threads`, best of `options.runs`,
/// and prints one tab-separated line per measurement: `median`, kernel, threads, seconds.
func runMedianBenchmark(_ options: BenchOptions, imagePath: String) {
    do {
        let input = try ImageDecoder.decode(path: imagePath).tensor
        for (kernel, padding) in medianFilterCases {
            let op = try OpRegistry.standard.make("median", positional: [.int(kernel)],
                                                  named: [("stride", .int(1)), ("padding", .int(padding))])
            for threads in Set([1, options.threads]).sorted() {
                let context = PoolingContext(threads: threads)
                var failure: Error?
                let seconds = bestTime(runs: options.runs) {
                    do { _ = try op.apply(input, context: context) } catch { failure = error }
                }
                if let failure { throw failure }
                print("median\t\(kernel)\t\(threads)\t\(seconds)")
            }
        }
    } catch {
        BenchOptions.fail("\(imagePath): \(error)")
    }
}
