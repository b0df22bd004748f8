import Testing
@testable import Pooling

@Test func PoolingTestsBuilds() { #expect(Bool(true)) }
