import Testing

@Test func placeholderEvalKit() {
    #expect(Bool(true))
}
