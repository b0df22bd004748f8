internal import CText
import ImageCodecs
import ImageTensor

/// A font for the contact sheet's labels, drawn through FreeType (the `CText` shim).
/// Not thread-safe: one font per thread.
final class SheetFont {
    private let font: OpaquePointer
    /// Pixels above and below the baseline.
    let ascent: Int, descent: Int
    var lineHeight: Int { ascent + descent }

    /// Opens the font at `path` at `pixelSize` pixels per em.
    /// - Throws: `InspectError.fontUnavailable` naming the file and FreeType's reason.
    init(path: String = InspectOptions.defaultFontPath, pixelSize: Int) throws {
        var handle: OpaquePointer?
        var msg = [CChar](repeating: 0, count: Int(CTEXT_MSG_SIZE))
        guard ctext_open(path, Int32(pixelSize), &handle, &msg, msg.count) == CTEXT_OK, let handle else {
            throw InspectError.fontUnavailable(path: path, reason: CMessage.text(msg))
        }
        font = handle
        var w: Int32 = 0, a: Int32 = 0, d: Int32 = 0
        _ = ctext_measure(handle, "", &w, &a, &d, &msg, msg.count)
        ascent = Int(a); descent = Int(d)
    }

    deinit { ctext_close(font) }

    /// Advance width of `text` in pixels.
    func width(_ text: String) -> Int {
        var w: Int32 = 0, a: Int32 = 0, d: Int32 = 0
        var msg = [CChar](repeating: 0, count: Int(CTEXT_MSG_SIZE))
        _ = ctext_measure(font, text, &w, &a, &d, &msg, msg.count)
        return Int(w)
    }

    /// `text` shortened with "…" so that it fits `maxWidth` pixels.
    func fitted(_ text: String, maxWidth: Int) -> String {
        if width(text) <= maxWidth { return text }
        var chars = Array(text)
        while !chars.isEmpty && width(String(chars) + "…") > maxWidth { chars.removeLast() }
        return String(chars) + "…"
    }

    /// Draws `text` into the RGB tensor `image` with its top-left at (`x`, `top`), clipped
    /// at column `maxX`.
    /// - Throws: `InspectError.fontUnavailable` when FreeType cannot render a glyph.
    /// - Precondition: `image` has 3 channels.
    func draw(_ text: String, into image: inout Tensor, x: Int, top: Int, maxX: Int,
              colour: (Float, Float, Float)) throws {
        precondition(image.channels == 3, "labels are drawn on RGB")
        var msg = [CChar](repeating: 0, count: Int(CTEXT_MSG_SIZE))
        let (w, h) = (image.width, image.height)
        let status = image.data.withUnsafeMutableBufferPointer { buf in
            ctext_draw(font, text, buf.baseAddress, Int32(w), Int32(h), Int32(x), Int32(top + ascent),
                       Int32(maxX), colour.0, colour.1, colour.2, &msg, msg.count)
        }
        guard status == CTEXT_OK else {
            throw InspectError.fontUnavailable(path: "(loaded font)", reason: CMessage.text(msg))
        }
    }
}
