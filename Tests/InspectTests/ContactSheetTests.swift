import Foundation
import Testing
import ImageTensor
@testable import Inspect

@Suite struct ContactSheetTests {
    /// Labels are drawn: dark text pixels appear in the title, row-label and caption bands,
    /// and nowhere a label was not asked for.
    @Test func labelsAreDrawnWithFreeType() throws {
        let fonts = try SheetFonts(path: InspectOptions.defaultFontPath)
        var sheet = ContactSheet(sourceHeight: 40, sourceWidth: 60, title: "1. test.png — 40×60×3",
                                 rowLabels: ["1. avg(2)"], columns: 2)
        let cell = sheet.cellPicture(Tensor(height: 40, width: 60, channels: 3, repeating: 1))
        sheet.place(picture: cell, caption: ["source", "40×60×3"], row: 0, column: 0)
        let t = try sheet.render(fonts: fonts)
        func darkPixels(rows: Range<Int>, cols: Range<Int>) -> Int {
            var n = 0
            for y in rows { for x in cols where t[y, x, 0] < 0.5 { n += 1 } }
            return n
        }
        let pad = ContactSheet.padding
        let titleBand = pad..<(pad + fonts.title.lineHeight)
        let labelTop = pad + fonts.title.lineHeight + pad
        let labelBand = labelTop..<(labelTop + fonts.label.lineHeight)
        let captionTop = labelTop + fonts.label.lineHeight + 4 + sheet.cellHeight + 4
        let captionBand = captionTop..<(captionTop + 2 * fonts.caption.lineHeight)
        #expect(darkPixels(rows: titleBand, cols: 0..<t.width) > 50)
        #expect(darkPixels(rows: labelBand, cols: 0..<t.width) > 20)
        #expect(darkPixels(rows: captionBand, cols: pad..<(pad + ContactSheet.minColumnWidth)) > 20)
        // The second column got no picture and no caption.
        let second = (2 * pad + ContactSheet.minColumnWidth)..<t.width
        #expect(darkPixels(rows: captionBand, cols: second) == 0)
    }

    @Test func missingFontIsAClearError() {
        #expect {
            _ = try SheetFonts(path: "/nonexistent/font.ttf")
        } throws: { error in
            guard case let InspectError.fontUnavailable(path, reason) = error else { return false }
            return path == "/nonexistent/font.ttf" && !reason.isEmpty
                && (error as! InspectError).description.contains("fonts-dejavu-core")
        }
    }

    /// The zoom shows the region at the source's size, each pixel a `scale × scale` block:
    /// a 2×2 output seen through a 4×4 source, region (1, 1, 2, 2), scale 3.
    @Test func zoomPictureIsPixelExact() throws {
        var sheet = ContactSheet(sourceHeight: 4, sourceWidth: 4, title: "t", rowLabels: ["r"], columns: 1)
        #expect(sheet.zoomPicture(Tensor(height: 1, width: 1, channels: 1), sourceHeight: 4, sourceWidth: 4) == nil)
        sheet.zoom = (Region(y: 1, x: 1, height: 2, width: 2), 3)
        let out = Tensor(height: 2, width: 2, channels: 1, data: [0, 0.25, 0.5, 1])
        let z = try #require(sheet.zoomPicture(out, sourceHeight: 4, sourceWidth: 4))
        #expect(z.shape == [6, 6, 3])
        // Source rows/columns 1, 2 map to output rows/columns 0, 1.
        #expect(z[0, 0, 0] == 0 && z[2, 2, 1] == 0 && z[0, 3, 2] == 0.25 && z[3, 0, 0] == 0.5 && z[5, 5, 0] == 1)
        #expect(ContactSheet.zoomScale(Region(y: 0, x: 0, height: 64, width: 64)) == 2)
        #expect(ContactSheet.zoomScale(Region(y: 0, x: 0, height: 10, width: 300)) == 1)
    }

    /// Transparent pixels over the checkerboard; a small output enlarged with nearest neighbour.
    @Test func cellsShowCheckerboardAndBlocks() {
        let sheet = ContactSheet(sourceHeight: 32, sourceWidth: 32, title: "t", rowLabels: ["r"], columns: 1)
        let clear = Tensor(height: 32, width: 32, channels: 4, repeating: 0)
        let cell = sheet.cellPicture(clear)
        #expect(cell[0, 0, 0] == CellPicture.checkerLight && cell[0, 8, 0] == CellPicture.checkerDark)
        let tiny = Tensor(height: 2, width: 2, channels: 1, data: [0, 1, 1, 0])
        let blocks = sheet.cellPicture(tiny)
        #expect(blocks[0, 15, 1] == 0 && blocks[0, 16, 1] == 1 && blocks[31, 31, 2] == 0)
    }
}
