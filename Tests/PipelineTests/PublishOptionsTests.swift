import Testing
import Foundation
import ImageTensor
@testable import Pipeline

private func item(_ rel: String, direct: Bool = false) -> InputItem {
    InputItem(displayPath: "in/" + rel, absolutePath: "/nonexistent/in/" + rel, relativePath: rel, namedDirectly: direct)
}

@Test(arguments: [
    ("white", "#ffffff"), ("Black", "#000000"), ("gray", "#808080"), ("grey", "#808080"),
    ("red", "#ff0000"), ("orange", "#ffa500"), ("#204080", "#204080"), ("#ABCDEF", "#abcdef"), ("#f0a", "#ff00aa"),
])
func backgroundColoursParse(text: String, hex: String) {
    #expect(BackgroundColor(argument: text)?.description == hex)
}

@Test(arguments: ["", "#12345", "#gg0000", "ff0000", "whitish", "#1234567"])
func badBackgroundColoursAreRejected(text: String) {
    #expect(BackgroundColor(argument: text) == nil)
}

@Test func nameTemplatesRender() throws {
    let t = try OutputNameTemplate("{stem}_256.{ext}")
    #expect(t.render(stem: "photo", ext: "jpg", dir: "a/b") == "a/b/photo_256.jpg")
    #expect(t.render(stem: "photo", ext: "jpg", dir: "") == "photo_256.jpg")
    let flat = try OutputNameTemplate("{dir}/{stem}.{ext}")
    #expect(flat.render(stem: "p", ext: "png", dir: "") == "p.png")
    let braces = try OutputNameTemplate("{{x}}{stem}.{ext}")
    #expect(braces.render(stem: "p", ext: "webp", dir: "d") == "d/{x}p.webp")
}

@Test(arguments: [
    ("{stem}.{size}", OutputNameError.unknownField("size", template: "{stem}.{size}")),
    ("{stem", OutputNameError.unbalanced(template: "{stem")),
    ("{stem}}.x}", OutputNameError.unbalanced(template: "{stem}}.x}")),
    ("thumb.{ext}", OutputNameError.noStem(template: "thumb.{ext}")),
    ("../{stem}", OutputNameError.leavesOutput(template: "../{stem}")),
    ("/abs/{stem}", OutputNameError.leavesOutput(template: "/abs/{stem}")),
])
func badNameTemplatesThrow(template: String, error: OutputNameError) {
    #expect(throws: error) { try OutputNameTemplate(template) }
}

@Test func mapperAppliesTheTemplateAndFindsItsCollisions() throws {
    var m = OutputMapper(format: .fixed(.webp), displayRoot: "OUT")
    m.nameTemplate = try OutputNameTemplate("{stem}_s.{ext}")
    let plan = m.plan([item("a/x.png"), item("a/x.jpg"), item("b/x.png"), item("y.png", direct: true)])
    #expect(plan.map(\.relativeOutput) == ["a/x_s.webp", "a/x_s.webp", "b/x_s.webp", "y_s.webp"])
    #expect(plan.map { $0.conflict == nil } == [true, false, true, true])
}

/// Flattening against the formula worked by hand: `c·a + bg·(1 − a)` on straight colour.
@Test func flatteningCompositesStraightColourOnTheBackground() {
    let rgba = Tensor(height: 1, width: 3, channels: 4, data: [
        1, 1, 1, 0.5,      // half-transparent white
        0.2, 0.4, 0.6, 1,  // opaque
        0.9, 0.1, 0.3, 0,  // fully transparent: the background alone
    ])
    let bg = BackgroundColor(red: 0, green: 51, blue: 255)
    let out = AlphaFlattening.flatten(rgba, on: bg)
    #expect(out.channels == 3)
    let expected: [Float] = [0.5, 0.5 + 0.1, 1, 0.2, 0.4, 0.6, 0, 0.2, 1]
    for (a, b) in zip(out.data, expected) { #expect(abs(a - b) < 1e-6) }
    let gray = Tensor(height: 1, width: 2, channels: 2, data: [0.8, 0.25, 0.3, 1])
    let onGray = AlphaFlattening.flatten(gray, on: BackgroundColor(red: 102, green: 102, blue: 102))
    #expect(onGray.channels == 1)
    #expect(abs(onGray.data[0] - (0.8 * 0.25 + 0.4 * 0.75)) < 1e-6 && abs(onGray.data[1] - 0.3) < 1e-6)
    #expect(AlphaFlattening.flatten(gray, on: .white.withRed(0)).channels == 3)
}

private extension BackgroundColor {
    func withRed(_ r: UInt8) -> BackgroundColor { BackgroundColor(red: r, green: green, blue: blue) }
}

@Test func publishSettingsOnlyNameWhatDiffersFromTheDefaults() {
    #expect(PublishOptions().settings == "")
    let p = PublishOptions(progressive: true, chroma444: true, lossless: true,
                           background: BackgroundColor(red: 1, green: 2, blue: 3), keepExif: true)
    #expect(p.settings == "progressive=true subsample=444 lossless=true background=#010203 keep_exif=true")
}
