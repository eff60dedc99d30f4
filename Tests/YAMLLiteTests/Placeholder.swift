import Testing

@Test func placeholderYAMLLite() {
    #expect(Bool(true))
}
