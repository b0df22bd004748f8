import Testing
@testable import ImageCodecs

@Test func ImageCodecsTestsBuilds() { #expect(Bool(true)) }
