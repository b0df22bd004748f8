import Testing
@testable import Pipeline

@Test(arguments: [
    ("*.png", "a.png", true),
    ("*.png", "sub/dir/a.png", true),          // '*' crosses '/', like fnmatch without FNM_PATHNAME
    ("*.png", "a.jpg", false),
    ("sub/*", "sub/a.png", true),
    ("sub/*", "other/a.png", false),
    ("a?.png", "ab.png", true),
    ("a?.png", "a.png", false),
    ("[ab]*.png", "b1.png", true),
    ("[!ab]*.png", "b1.png", false),
    ("[!ab]*.png", "c1.png", true),
    ("[^ab]*", "c", true),
    ("img[0-9].jpg", "img7.jpg", true),
    ("img[0-9].jpg", "imgx.jpg", false),
    ("\\*.png", "*.png", true),
    ("\\*.png", "a.png", false),
    ("[", "[", true),                        // unclosed bracket matches itself
    ("*", "", true),
    ("", "", true),
    ("", "a", false),
    ("*a*b*c", "xxaxxbxxc", true),
    ("*a*b*c", "xxaxxcxxb", false),
    ("[]]x", "]x", true),                    // ']' first in a set is literal
])
func globMatchesLikeFnmatch(pattern: String, path: String, expected: Bool) {
    #expect(GlobPattern(pattern).matches(path) == expected)
}

@Test func pathFilterNeedsAnIncludeAndNoExclude() {
    let f = PathFilter(include: [GlobPattern("*.png"), GlobPattern("*.npy")],
                       exclude: [GlobPattern("skip/*")])
    #expect(f.accepts("a.png"))
    #expect(f.accepts("x/a.npy"))
    #expect(!f.accepts("a.jpg"))
    #expect(!f.accepts("skip/a.png"))
    #expect(PathFilter().accepts("anything"))
    #expect(!PathFilter(exclude: [GlobPattern("*.jpg")]).accepts("a.jpg"))
}
