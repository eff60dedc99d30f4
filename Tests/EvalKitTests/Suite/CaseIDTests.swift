import Testing
@testable import EvalKit
@testable import EvalKitSuite

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

    @Test func idsUpTo64CharactersAreNotCut() {
        let prompt = String(repeating: "a", count: 64)
        #expect(CaseID.derive(from: prompt) == prompt)
        #expect(CaseID.derive(from: "  " + prompt + "?") == prompt)
    }

    @Test func longerIDsKeep55CharactersAndAHashOfTheWholePrompt() {
        let prompt = String(repeating: "abcdefghij", count: 10)
        let id = CaseID.derive(from: prompt)
        #expect(id == String(prompt.prefix(55)) + "-" + CaseID.hash(prompt))
        #expect(id.count == 64)
        #expect(CaseID.isValid(id))
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c: the hash is its first 8 hex digits.
        #expect(CaseID.hash("a") == "af63dc4c")
        // The 55th character is a separator: it is trimmed before the hash is added.
        let separated = String(repeating: "a", count: 54) + " " + String(repeating: "b", count: 20)
        #expect(CaseID.derive(from: separated) == String(repeating: "a", count: 54) + "-" + CaseID.hash(separated))
    }

    @Test func promptsSharingALongPrefixGetDifferentIDs() {
        let instruction = "Translate the following sentence into French and answer with the translation only: "
        let first = CaseID.derive(from: instruction + "The cat sleeps.")
        let second = CaseID.derive(from: instruction + "The dog barks.")
        #expect(first != second)
        #expect(first.hasPrefix("Translate-the-following-sentence-into-French-and-answer"))
        #expect(first.count <= CaseID.maximumDerivedLength && second.count <= CaseID.maximumDerivedLength)
    }

    @Test(arguments: [("digits-1", true), ("a.b_c-D9", true), ("", false), ("has space", false), ("slash/id", false), ("é", false)])
    func validatesExplicitIDs(id: String, valid: Bool) {
        #expect(CaseID.isValid(id) == valid)
    }
}
