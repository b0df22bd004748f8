import Foundation

/// Command-line options of `poolpipe-bench`.
struct BenchOptions {
    /// Run only the pooling-kernel section.
    var kernelsOnly = false
    /// Timed runs per measurement; the best is reported.
    var runs = 5
    /// Side of the square test tensor (3 channels).
    var size = 4096
    /// Threads for the "all cores" column.
    var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Only kernels whose op name equals this (e.g. `avg`); nil for all.
    var only: String?
    /// With `--median IMAGE`: time only the stride-1 median filters on that image (for
    /// tools/bench_median.py, which times OpenCV's medianBlur on the same image).
    var medianImage: String?

    /// Parses `--kernels-only`, `--only OP`, `--median IMAGE`, `--runs N`, `--size N`, `--threads N`;
    /// exits with a message on anything else.
    init(arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--kernels-only": kernelsOnly = true
            case "--median":
                guard let path = rest.popFirst() else { BenchOptions.fail("--median needs an image path") }
                medianImage = path
            case "--only":
                guard let name = rest.popFirst() else { BenchOptions.fail("--only needs an op name") }
                only = name
            case "--runs", "--size", "--threads":
                guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                    BenchOptions.fail("\(flag) needs a positive whole number")
                }
                if flag == "--runs" { runs = value } else if flag == "--size" { size = value } else { threads = value }
            default:
                BenchOptions.fail("unknown option \(flag) (known: --kernels-only, --only OP, --median IMAGE, --runs N, --size N, --threads N)")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("poolpipe-bench: \(message)\n".utf8))
        exit(2)
    }
}

/// Seconds of the fastest of `runs` calls of `body`.
func bestTime(runs: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}
