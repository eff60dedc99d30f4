import Testing
@testable import EvalKit
@testable import EvalKitSuite
@testable import EvalKitProviders

@Suite struct ReferenceProviderTests {
    private let provider = ReferenceProvider(model: "next-number")

    @Test(arguments: [
        ("1", "2"), ("Continue the sequence.\n\n9,999\n", "10,000"), ("twenty-two", "twenty-three"), ("XLIX", "L"),
        ("ninety nine", "one hundred"), ("What comes next?\nnot a number", ""),
    ])
    func answersTheLastNonEmptyLine(prompt: String, answer: String) async throws {
        let response = try await provider.complete(ModelRequest(prompt: prompt))
        #expect(response == ModelResponse(text: answer, finishReason: "STOP", truncated: false, blockReason: nil, usage: nil))
    }

    @Test func keepsItsModel() {
        #expect(provider.model == "next-number")
    }
}
