// ThumbnailGallery: a folder of photos in, a folder of thumbnails and an offline index.html
// gallery out - decoding, thumbnailing and encoding through the library, one image at a time.
//
//   swift run ThumbnailGallery PHOTOS_DIR OUT_DIR [SIZE]
import Foundation
import ImageCodecs
import ImageTensor
import Pipeline
import Pooling

let args = CommandLine.arguments
guard args.count >= 3, args.count <= 4, let size = Int(args.count == 4 ? args[3] : "160"), size >= 1 else {
    FileHandle.standardError.write(Data("usage: ThumbnailGallery PHOTOS_DIR OUT_DIR [SIZE]\n".utf8))
    exit(2)
}
let (source, out) = (args[1], args[2])
let job = ThumbnailJob(spec: ThumbnailSpec(size: size))
let files = (try? FileManager.default.contentsOfDirectory(atPath: source))?.sorted() ?? []
try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)

var cells: [String] = []
var failures = 0
for name in files where !name.hasPrefix(".") {
    let path = (source as NSString).appendingPathComponent(name)
    do {
        let bytes = try ImageDecoder.fileBytes(path: path)
        guard ImageDecoder.detectFormat(bytes) != nil else { continue }   // not an image: skip
        // `run` shrinks JPEGs while decoding, pools row bands as they arrive, turns the result upright.
        let thumb = try job.run(decoder: try ImageRowDecoder(bytes: bytes), autorotate: true,
                                context: PoolingContext(threads: 2))
        let png = try ImageEncoder.encode(thumb.tensor, options: EncodeOptions(format: .png))
        let thumbName = ((name as NSString).deletingPathExtension) + ".png"
        try Data(png).write(to: URL(fileURLWithPath: (out as NSString).appendingPathComponent(thumbName)))
        let stored = thumb.inputShape
        cells.append("""
        <figure><img src="\(thumbName)" width="\(thumb.tensor.width)" height="\(thumb.tensor.height)" alt="">\
        <figcaption>\(name)<br>\(stored[1])×\(stored[0]) → \(thumb.tensor.width)×\(thumb.tensor.height)\
        \(thumb.metadata.dctScale > 1 ? ", decoded at 1/\(thumb.metadata.dctScale)" : "")</figcaption></figure>
        """)
        print("\(name): \(stored[1])×\(stored[0]) -> \(thumb.tensor.width)×\(thumb.tensor.height)")
    } catch {
        failures += 1
        FileHandle.standardError.write(Data("ThumbnailGallery: \(path): \(error)\n".utf8))
    }
}
let html = """
<!doctype html><meta charset="utf-8"><title>Gallery</title>
<style>body{font:14px sans-serif;display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}
figcaption{color:#555;font-size:12px}</style>
\(cells.joined(separator: "\n"))
"""
try html.write(toFile: (out as NSString).appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
print("wrote \(cells.count) thumbnails and index.html to \(out)")
exit(failures > 0 ? 1 : 0)
