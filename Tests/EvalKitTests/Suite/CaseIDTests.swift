import Testing
@testable import EvalKit

@Suite struct CaseIDTests {
    @Test(arguments: [
        ("one hundred", "one-hundred"),
        ("10,100,000", "10-100-000"),
        ("-3", "3"),
        ("III", "III"),
        ("1", "1"),
        ("What is 2 + 2?", "What-is-2-2"),
        ("  padded  ", "padded"),
        ("v1.2_beta", "v1.2_beta"),
        ("a--b", "a-b"),
        ("ninety nine\nbottles", "ninety-nine-bottles"),
        ("café", "caf"),
        ("???", ""),
        ("", ""),
    ])
    func derivesIDFromPrompt(prompt: String, id: String) {
        #expect(CaseID.derive(from: prompt) == id)
    }

    @Test func cutsTo64CharactersBeforeTrimming() {
        let prompt = String(repeating: "abcdefghij", count: 10)
        #expect(CaseID.derive(from: prompt) == String(prompt.prefix(64)))
        // The 64th character is a separator: cut first, then the trailing '-' is trimmed.
        let separated = String(repeating: "a", count: 63) + " tail"
        #expect(CaseID.derive(from: separated) == String(repeating: "a", count: 63))
    }

    @Test(arguments: [("digits-1", true), ("a.b_c-D9", true), ("", false), ("has space", false), ("slash/id", false), ("é", false)])
    func validatesExplicitIDs(id: String, valid: Bool) {
        #expect(CaseID.isValid(id) == valid)
    }
}
