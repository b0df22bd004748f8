import Testing
@testable import Pipeline

@Test func PipelineTestsBuilds() { #expect(Bool(true)) }
