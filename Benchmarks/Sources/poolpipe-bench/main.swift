import Foundation

// poolpipe-bench: plain timing executable (build with -c release).
//
//   poolpipe-bench [--kernels-only] [--only OP] [--runs N] [--size N] [--threads N]
//   poolpipe-bench --median IMAGE [--runs N] [--threads N]   (tools/bench_median.py)
//
// Sections run in order; each prints its own table. `--kernels-only` runs only the
// pooling-kernel section (further sections, such as a thumbnail comparison, append
// themselves to `sections` below and are skipped by that flag).

let options = BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
if let image = options.medianImage {
    runMedianBenchmark(options, imagePath: image)
    exit(0)
}
var sections: [(name: String, kernelsSection: Bool, run: (BenchOptions) -> Void)] = [
    ("pooling kernels", true, runKernelBenchmark),
]
for section in sections where section.kernelsSection || !options.kernelsOnly {
    print("== \(section.name) ==")
    section.run(options)
    print("")
}
