/// What `Inspector.run` measured and wrote: a plain model from which `HTMLReport` renders
/// the page. File names are relative to the output folder.
public struct InspectionReport: Sendable, Equatable {
    /// The source image.
    public struct Source: Sendable, Equatable {
        /// The path as given on the command line.
        public var path: String
        /// `[H, W, C]` of the decoded tensor (after EXIF orientation, unless turned off).
        public var shape: [Int]
        /// Container format and bits per sample, e.g. `"png"`, 8.
        public var format: String
        public var bitDepth: Int
        /// Mean of each channel of the decoded tensor.
        public var channelMeans: [Double]
        /// The source re-encoded as an 8-bit PNG at full size, e.g. `img/source.png`.
        public var imageFile: String
        /// Its Fourier spectrum picture (with `--spectrum`).
        public var spectrumFile: String?
        public init(path: String, shape: [Int], format: String, bitDepth: Int,
                    channelMeans: [Double], imageFile: String, spectrumFile: String? = nil) {
            self.path = path; self.shape = shape; self.format = format; self.bitDepth = bitDepth
            self.channelMeans = channelMeans; self.imageFile = imageFile; self.spectrumFile = spectrumFile
        }
    }

    /// One stage's output and its numbers.
    public struct Stage: Sendable, Equatable {
        /// 1-based position in its list.
        public var index: Int
        /// The stage's canonical text, every argument spelled out.
        public var canonical: String
        /// `[H, W, C]` of the output.
        public var shape: [Int]
        /// PSNR in dB against the source after enlarging back (peak 1; `+∞` when identical).
        public var psnr: Double
        /// Mean SSIM against the source after enlarging back; `nil` when the source is
        /// smaller than the 11×11 window.
        public var ssim: Double?
        /// Mean of each channel of the output as computed (alpha included, not clamped).
        public var channelMeans: [Double]
        /// Wall-clock seconds the stage took (all its repeats).
        public var seconds: Double
        /// The output at its own size (the page enlarges it), and the heat map.
        public var imageFile: String
        public var heatMapFile: String
        /// `|Δalpha|` heat map, for images with alpha.
        public var alphaHeatMapFile: String?
        /// The output's Fourier spectrum picture (with `--spectrum`).
        public var spectrumFile: String?
        public init(index: Int, canonical: String, shape: [Int], psnr: Double, ssim: Double?,
                    channelMeans: [Double], seconds: Double, imageFile: String, heatMapFile: String,
                    alphaHeatMapFile: String? = nil, spectrumFile: String? = nil) {
            self.index = index; self.canonical = canonical; self.shape = shape
            self.psnr = psnr; self.ssim = ssim; self.channelMeans = channelMeans
            self.seconds = seconds; self.imageFile = imageFile; self.heatMapFile = heatMapFile
            self.alphaHeatMapFile = alphaHeatMapFile; self.spectrumFile = spectrumFile
        }
    }

    /// One stage list.
    public struct Row: Sendable, Equatable {
        /// The list as given.
        public var spec: String
        /// The list's canonical text (stages joined by `" | "`).
        public var canonical: String
        /// The stages that ran, in order.
        public var stages: [Stage]
        /// Why the list stopped early on this image, if it did (e.g. an output below 1×1).
        public var error: String?
        public init(spec: String, canonical: String, stages: [Stage], error: String? = nil) {
            self.spec = spec; self.canonical = canonical; self.stages = stages; self.error = error
        }
    }

    public var source: Source
    public var rows: [Row]
    /// The zoom's region of the source.
    public var region: Region
    /// Side of the square of source pixels one heat-map pixel averages (1: full size).
    public var heatBlock: Int
    /// How colour was pooled, in words (alpha mode, linear light), for the page header.
    public var colourHandling: String
    /// The page and the sheet, relative to the output folder.
    public var htmlFile: String
    public var sheetFile: String
    /// The folder everything was written to.
    public var outputDirectory: String
    /// The poolpipe version that wrote the report.
    public var generator: String

    public init(source: Source, rows: [Row], region: Region, heatBlock: Int = 1, colourHandling: String,
                htmlFile: String = "index.html", sheetFile: String = "sheet.png", outputDirectory: String,
                generator: String) {
        self.source = source; self.rows = rows; self.region = region; self.heatBlock = heatBlock
        self.colourHandling = colourHandling
        self.htmlFile = htmlFile; self.sheetFile = sheetFile
        self.outputDirectory = outputDirectory; self.generator = generator
    }

    /// Whether every list ran to its end.
    public var succeeded: Bool { rows.allSatisfy { $0.error == nil } }

    /// Every image file of the report (the page shows or links each), relative to the output folder.
    public var imageFiles: [String] {
        var files = [source.imageFile] + (source.spectrumFile.map { [$0] } ?? [])
        for r in rows {
            for s in r.stages {
                files += [s.imageFile, s.heatMapFile] + [s.alphaHeatMapFile, s.spectrumFile].compactMap { $0 }
            }
        }
        return files
    }
}
