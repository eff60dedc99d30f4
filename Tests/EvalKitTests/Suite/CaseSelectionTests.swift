import Testing
import YAMLLite
@testable import EvalKit
@testable import EvalKitSuite

@Suite struct CaseSelectionTests {
    let cases = [
        Suite.Case(id: "digits-1", prompt: "1", tags: ["digits"]),
        Suite.Case(id: "digits-2", prompt: "2", tags: ["digits", "slow"]),
        Suite.Case(id: "one-hundred", prompt: "one hundred", tags: ["words", "heldout"]),
        Suite.Case(id: "roman", prompt: "III", tags: ["roman"]),
        Suite.Case(id: "comma", prompt: "10,100,000"),
    ]

    func run(_ selection: CaseSelection) -> [String: CaseSelection.Exclusion?] {
        Dictionary(uniqueKeysWithValues: selection.apply(to: cases).map { ($0.testCase.id, $0.skip) })
    }

    func selected(_ selection: CaseSelection) -> [String] {
        selection.apply(to: cases).filter { $0.skip == nil }.map(\.testCase.id)
    }

    @Test func selectsEverythingByDefault() throws {
        let entries = try CaseSelection().apply(to: cases)
        #expect(entries.map(\.testCase.id) == cases.map(\.id))
        #expect(entries.allSatisfy { $0.skip == nil })
    }

    @Test func filtersAreORedAndMatchAnywhereInTheID() throws {
        #expect(selected(try CaseSelection(filters: ["^digits", "man$"])) == ["digits-1", "digits-2", "roman"])
        #expect(selected(try CaseSelection(filters: ["hun"])) == ["one-hundred"])
    }

    @Test func tagsAreORedAndANDedWithFilters() throws {
        #expect(selected(try CaseSelection(tags: ["words", "roman"])) == ["one-hundred", "roman"])
        #expect(selected(try CaseSelection(filters: ["-"], tags: ["digits"])) == ["digits-1", "digits-2"])
        #expect(selected(try CaseSelection(filters: ["roman"], tags: ["digits"])) == [])
    }

    @Test func excludedTagsRemove() throws {
        #expect(selected(try CaseSelection(tags: ["digits"], excludeTags: ["slow"])) == ["digits-1"])
        #expect(selected(try CaseSelection(excludeTags: ["digits", "roman"])) == ["one-hundred", "comma"])
    }

    @Test func limitKeepsTheFirstSelectedAndMarksTheRestFiltered() throws {
        let result = run(try CaseSelection(excludeTags: ["slow"], limit: 2))
        #expect(result["digits-1"] == .some(nil))
        #expect(result["one-hundred"] == .some(nil))
        #expect(result["digits-2"] == .some(.filtered))
        #expect(result["roman"] == .some(.filtered))
        #expect(result["comma"] == .some(.filtered))
    }

    @Test func shardAppliesAfterLimitAndMarksOthersShard() throws {
        let count = 3
        var union: [String] = []
        for index in 1...count {
            let entries = try CaseSelection(limit: 4, shard: ShardSpec(index: index, count: count)).apply(to: cases)
            #expect(entries.first { $0.testCase.id == "comma" }?.skip == .filtered)
            for entry in entries.prefix(4) {
                let inShard = Shard.shard(of: entry.testCase.id, count: count) == index
                #expect(entry.skip == (inShard ? nil : .shard))
                if inShard { union.append(entry.testCase.id) }
            }
        }
        #expect(union.sorted() == ["digits-1", "digits-2", "one-hundred", "roman"])
    }

    @Test func invalidFilterIsADiagnosticNamingTheOption() {
        #expect {
            try CaseSelection(filters: ["("])
        } throws: { error in
            guard case .invalidFilter(pattern: "(", let reason)? = error as? CaseSelection.Problem else { return false }
            return !reason.isEmpty
        }
    }

    @Test func limitBelowOneIsRejected() {
        #expect(throws: CaseSelection.Problem.limitBelowOne(0)) { try CaseSelection(limit: 0) }
    }
}
