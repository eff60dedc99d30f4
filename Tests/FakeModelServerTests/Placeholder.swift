import Testing

@Test func placeholderFakeModelServer() {
    #expect(Bool(true))
}
