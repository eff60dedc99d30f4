import Testing

@Test func placeholderEvalsCLI() {
    #expect(Bool(true))
}
